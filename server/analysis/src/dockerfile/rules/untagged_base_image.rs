//! DF018 `untagged-base-image`.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// An image is used without a tag, which means `latest`.
    ///
    /// `FROM python` pulls whatever `python:latest` is on the day of the
    /// build: a new major version can arrive without a change to the file,
    /// two builds of the same commit can differ, and a scanner cannot tell
    /// from the source which image it is. The same holds for an image named
    /// in `COPY --from=` or `RUN --mount=from=`.
    ///
    /// Stages of the file, `scratch`, and references pinned by digest are
    /// not images to tag. `FROM ${BASE}` is checked through the ARG's default.
    ///
    /// ## Fix
    ///
    /// Name the version you build on, such as `python:3.12-slim`, and
    /// update it on purpose (or pin it by digest).
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ARG BASE=node
    /// FROM ${BASE}
    /// #    ^^^^^^^ DF018
    /// COPY --from=ghcr.io/acme/tools /bin/tool /usr/local/bin/
    /// #           ^^^^^^^^^^^^^^^^^^ DF018
    /// ```
    ///
    /// Tags, digests, stages and `scratch` are fine:
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
    /// FROM build
    /// FROM scratch
    /// ```
    pub static META = {
        code: "DF018",
        name: "untagged-base-image",
        language: Dockerfile,
        severity: Medium,
        practice: UpToDateImages,
        fix: None,
        hadolint: ["DL3006"],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for image_use in context.model.image_uses() {
        if image_use.image.tag.is_none() && image_use.image.digest.is_none() {
            out.push(Diagnostic::new(
                &META,
                image_use.range,
                format!(
                    "{} has no tag, so the build takes whatever `{}:latest` is that day",
                    image_use.describe(),
                    image_use.resolved
                ),
            ));
        }
    }
}

crate::fixture_test!("untagged-base-image.Dockerfile");
