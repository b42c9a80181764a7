//! DF019 `latest-base-image`.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// An image is used with the `latest` tag.
    ///
    /// `latest` is a moving tag: each build may get a different image, a
    /// new major version arrives unannounced, and a scanner cannot tell from
    /// the source what the image contains. Rebuilding an old commit does not
    /// give the old image back.
    ///
    /// A digest after the tag (`alpine:latest@sha256:...`) pins the image,
    /// and the rule stays quiet. `FROM ${BASE}` is checked through the
    /// ARG's default.
    ///
    /// ## Fix
    ///
    /// Name a version (`alpine:3.20`) and update it on purpose.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM ubuntu:latest
    /// #    ^^^^^^^^^^^^^ DF019
    /// ```
    ///
    /// A version, or `latest` pinned by digest, is fine:
    ///
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// FROM alpine:latest@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
    /// ```
    pub static META = {
        code: "DF019",
        name: "latest-base-image",
        language: Dockerfile,
        severity: Medium,
        practice: UpToDateImages,
        fix: None,
        hadolint: ["DL3007"],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for image_use in context.model.image_uses() {
        if image_use.image.tag.as_deref() == Some("latest") && image_use.image.digest.is_none() {
            out.push(Diagnostic::new(
                &META,
                image_use.range,
                format!(
                    "{} uses the `latest` tag, which changes under you from one build to the next",
                    image_use.describe()
                ),
            ));
        }
    }
}

crate::fixture_test!("latest-base-image.Dockerfile");
