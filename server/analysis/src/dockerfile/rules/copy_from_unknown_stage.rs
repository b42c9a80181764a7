//! DF014 `copy-from-unknown-stage`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::model::ReferenceTarget;
use crate::image::ImageRef;
use crate::spelling;
use crate::text::TextEdit;

declare_rule! {
    /// `COPY --from` names something that is not a stage of this file.
    ///
    /// A bare name after `--from=` (or after `from=` in a `RUN --mount`)
    /// that matches no stage is not an error to Docker: it silently pulls an
    /// image of that name from Docker Hub, tag `latest`, and copies from it.
    /// A typo in a stage name therefore copies files from whoever owns that
    /// image name: a supply-chain risk, and a build that works by accident.
    ///
    /// Stage names match in any case, and stage numbers count from 0. Names
    /// with a tag, digest or registry (`nginx:1.27`, `ghcr.io/org/tool`) are
    /// images on purpose and are checked as images instead. A name given
    /// with `docker buildx build --build-context NAME=...` is fine: suppress
    /// the rule on that line.
    ///
    /// ## Fix
    ///
    /// Name the stage you meant (the quick fix offers the closest stage
    /// name), or write the image with its tag if you meant an image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=buildr /out/app /app
    /// #           ^^^^^^ DF014: did you mean
    /// ```
    ///
    /// Stage names in another case, stage numbers and tagged images are fine:
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS Builder
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /app
    /// COPY --from=0 /out/app /app2
    /// COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx.conf
    /// ```
    pub static META = {
        code: "DF014",
        name: "copy-from-unknown-stage",
        language: Dockerfile,
        severity: High,
        practice: MultiStageBuilds,
        fix: Unsafe,
        hadolint: ["DL3022"],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = &context.model;
    for reference in model.source_references() {
        let message = match &reference.target {
            ReferenceTarget::UnknownName(name) => {
                let image = ImageRef::parse(name)
                    .map_or_else(|| name.clone(), |image| format!("{image}:latest"));
                format!(
                    "`{name}` is not a stage of this file: Docker will pull the image `{image}` instead"
                )
            }
            ReferenceTarget::BadIndex(number) => {
                format!(
                    "there is no stage {number}: this file has {} stages, numbered from 0",
                    model.stages.len()
                )
            }
            _ => continue,
        };
        // Only stages before this instruction can be meant.
        let earlier: Vec<&str> = model
            .stages
            .iter()
            .filter(|stage| stage.end <= reference.instruction)
            .filter_map(|stage| stage.name.as_deref())
            .collect();
        let suggestion = match &reference.target {
            ReferenceTarget::UnknownName(name) => spelling::nearest(name, earlier.iter().copied()),
            _ => None,
        };
        let mut diagnostic = match suggestion {
            Some(stage) => Diagnostic::new(
                &META,
                reference.range,
                format!("{message}; did you mean stage `{stage}`?"),
            ),
            None => Diagnostic::new(&META, reference.range, message),
        };
        if let Some(stage) = suggestion {
            if let Some(defined) = model.find_stage(stage).and_then(|stage| stage.name_range) {
                diagnostic =
                    diagnostic.with_related(defined, format!("stage `{stage}` is defined here"));
            }
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                format!("Copy from stage `{stage}` instead (changes what is copied)"),
                vec![TextEdit::replace(reference.range, stage)],
            ));
        }
        out.push(diagnostic);
    }
}

crate::fixture_test!("copy-from-unknown-stage.Dockerfile");
