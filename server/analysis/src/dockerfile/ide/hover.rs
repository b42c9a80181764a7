//! What each Dockerfile instruction and flag means, and what to watch for
//! from a security point of view: the texts hover shows, kept here as data.

use crate::dockerfile::flags::flags_of;
use crate::dockerfile::syntax::{Instruction, Keyword, Parse};
use crate::ide::Hover;

/// An instruction's meaning and its security note.
#[derive(Clone, Copy, Debug)]
pub struct KeywordDoc {
    pub keyword: Keyword,
    pub syntax: &'static str,
    pub meaning: &'static str,
    pub security: &'static str,
}

/// The instructions, in alphabetical order.
pub const KEYWORDS: &[KeywordDoc] = &[
    KeywordDoc {
        keyword: Keyword::Add,
        syntax: "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<digest>] <src>... <dest>",
        meaning: "Copies files, directories or remote URLs into the image, unpacking local tar archives.",
        security: "Prefer `COPY` for local files: `ADD` fetches URLs and unpacks archives implicitly, which hides what ends up in the image. For a remote file, pin it with `--checksum`.",
    },
    KeywordDoc {
        keyword: Keyword::Arg,
        syntax: "ARG <name>[=<default value>]",
        meaning: "Declares a build argument, settable with `--build-arg`. Before the first `FROM` it is usable in `FROM` lines only; inside a stage, from its declaration on.",
        security: "Build arguments are recorded in the image history (`docker history`): never pass secrets through them; use `RUN --mount=type=secret` instead.",
    },
    KeywordDoc {
        keyword: Keyword::Cmd,
        syntax: "CMD [\"executable\", \"param\"...]  |  CMD command param...",
        meaning: "The default command (or the default arguments of the `ENTRYPOINT`) when the container starts.",
        security: "Use the exec form (a JSON array) so that the process runs as PID 1 without a shell and receives stop signals.",
    },
    KeywordDoc {
        keyword: Keyword::Copy,
        syntax: "COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] <src>... <dest>",
        meaning: "Copies files from the build context, or from a stage or image with `--from`, into the image.",
        security: "Copy only what the image needs: `COPY . .` takes secrets, `.git` and `.env` along unless `.dockerignore` excludes them. `--from` with a name that is no stage pulls an image of that name.",
    },
    KeywordDoc {
        keyword: Keyword::Entrypoint,
        syntax: "ENTRYPOINT [\"executable\", \"param\"...]  |  ENTRYPOINT command param...",
        meaning: "The executable the container runs; `CMD` supplies its default arguments.",
        security: "Use the exec form so that signals reach the process, and make the entrypoint drop privileges if it must start as root.",
    },
    KeywordDoc {
        keyword: Keyword::Env,
        syntax: "ENV <key>=<value>...",
        meaning: "Sets environment variables for the rest of the build and for the running container.",
        security: "Environment variables are visible to anyone who can inspect the image or the container: never put passwords, tokens or keys in `ENV`; use Docker secrets.",
    },
    KeywordDoc {
        keyword: Keyword::Expose,
        syntax: "EXPOSE <port>[/<protocol>]...",
        meaning: "Documents the ports the container listens on; publishing them is up to `docker run -p` or Compose.",
        security: "Expose only the ports the service uses: each exposed port is an entry point that `-P` publishes on every interface.",
    },
    KeywordDoc {
        keyword: Keyword::From,
        syntax: "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
        meaning: "Starts a build stage on a base image (or on an earlier stage, or `scratch`).",
        security: "Use a small, maintained base image pinned to a version (better: a digest), never `latest`: the base decides most of what a scanner will find.",
    },
    KeywordDoc {
        keyword: Keyword::Healthcheck,
        syntax: "HEALTHCHECK [--interval=<d>] [--timeout=<d>] [--retries=<n>] CMD <command>  |  HEALTHCHECK NONE",
        meaning: "How Docker tests that the container still works.",
        security: "A health check lets orchestrators replace a wedged container; keep the command small and free of credentials.",
    },
    KeywordDoc {
        keyword: Keyword::Label,
        syntax: "LABEL <key>=<value>...",
        meaning: "Adds metadata to the image.",
        security: "Labels are public metadata: `org.opencontainers.image.source` and `.revision` help scanners trace an image to its code; never put secrets in them.",
    },
    KeywordDoc {
        keyword: Keyword::Maintainer,
        syntax: "MAINTAINER <name>",
        meaning: "Deprecated: the author of the image. Use `LABEL org.opencontainers.image.authors=...`.",
        security: "No security effect.",
    },
    KeywordDoc {
        keyword: Keyword::Onbuild,
        syntax: "ONBUILD <instruction>",
        meaning: "Registers an instruction to run when another image is built `FROM` this one.",
        security: "Triggers run in other people's builds, unseen in their Dockerfile: keep them few and obvious.",
    },
    KeywordDoc {
        keyword: Keyword::Run,
        syntax: "RUN [--mount=<mount>] [--network=<network>] [--security=<mode>] <command>",
        meaning: "Runs a command in a new layer of the image.",
        security: "Secrets needed during the build go through `--mount=type=secret`, never through `ARG`, `ENV` or files that end up in a layer. Clean package caches in the same `RUN` that fills them.",
    },
    KeywordDoc {
        keyword: Keyword::Shell,
        syntax: "SHELL [\"executable\", \"parameters\"]",
        meaning: "The shell the shell form of `RUN`, `CMD` and `ENTRYPOINT` uses.",
        security: "Add `-o pipefail` (`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`) so that a failing download in a pipe fails the build.",
    },
    KeywordDoc {
        keyword: Keyword::Stopsignal,
        syntax: "STOPSIGNAL <signal>",
        meaning: "The signal that asks the container to stop.",
        security: "A process that ignores the stop signal is killed after the grace period, without cleaning up.",
    },
    KeywordDoc {
        keyword: Keyword::User,
        syntax: "USER <user>[:<group>]",
        meaning: "The user (and group) that the following `RUN` steps and the container's process run as.",
        security: "End every final stage with a non-root `USER`: a process running as root in a container is one kernel bug away from root on the host.",
    },
    KeywordDoc {
        keyword: Keyword::Volume,
        syntax: "VOLUME [\"/path\"...]",
        meaning: "Marks paths as mount points for external volumes.",
        security: "Data written under a volume path after this instruction is discarded at build time; mount host paths read-only where you can.",
    },
    KeywordDoc {
        keyword: Keyword::Workdir,
        syntax: "WORKDIR <path>",
        meaning: "The working directory for the instructions after it and for the container.",
        security: "Use an absolute path owned by the runtime user, not `/`.",
    },
];

/// Security notes on flags (or flag values) that deserve one.
const FLAG_NOTES: &[(Keyword, &str, &str)] = &[
    (
        Keyword::Run,
        "security",
        "`--security=insecure` runs the step with every capability and no sandbox: it needs the `security.insecure` entitlement and should stay out of shared builds.",
    ),
    (
        Keyword::Run,
        "network",
        "`--network=host` gives the step the host's network; `--network=none` is the safest choice for steps that need no network.",
    ),
    (
        Keyword::Run,
        "mount",
        "`type=secret` and `type=ssh` keep credentials out of the image's layers; a `type=bind` of the build context is read-only unless `rw` is given.",
    ),
    (
        Keyword::Copy,
        "from",
        "A name that is no stage of this file is pulled as an image from Docker Hub: check the spelling.",
    ),
    (
        Keyword::Copy,
        "chmod",
        "Give files the least permission they need; avoid world-writable modes such as `0777`.",
    ),
    (
        Keyword::Copy,
        "chown",
        "Files the runtime user must not change are better left owned by root.",
    ),
    (Keyword::Add, "checksum", "Pins a remote source: the build fails if the download changes."),
    (
        Keyword::Add,
        "chmod",
        "Give files the least permission they need; avoid world-writable modes such as `0777`.",
    ),
    (
        Keyword::From,
        "platform",
        "Pin the platform only when the build needs it; `$BUILDPLATFORM` and `$TARGETPLATFORM` keep builds portable.",
    ),
];

/// The documentation of an instruction.
pub fn keyword_doc(keyword: Keyword) -> Option<&'static KeywordDoc> {
    KEYWORDS.iter().find(|doc| doc.keyword == keyword)
}

/// The Markdown shown for an instruction keyword.
pub fn keyword_markdown(doc: &KeywordDoc) -> String {
    format!(
        "```dockerfile\n{}\n```\n\n{}\n\n**Security:** {}",
        doc.syntax, doc.meaning, doc.security
    )
}

/// The Markdown shown for a flag of an instruction, or `None` for a flag the
/// instruction does not take.
pub fn flag_markdown(keyword: Keyword, name: &str) -> Option<String> {
    let spec = flags_of(keyword).iter().find(|spec| spec.name == name)?;
    let mut markdown = format!("`{} --{}`\n\n{}", keyword.as_str(), spec.name, spec.summary);
    if let Some((_, _, note)) =
        FLAG_NOTES.iter().find(|(flag_keyword, flag, _)| *flag_keyword == keyword && *flag == name)
    {
        markdown.push_str("\n\n**Security:** ");
        markdown.push_str(note);
    }
    Some(markdown)
}

/// Hover on an instruction keyword or flag at `offset`.
pub fn hover(parse: &Parse, offset: u32) -> Option<Hover> {
    let instruction = super::node_at(parse, offset)?.instruction()?;
    hover_in(&instruction, offset)
        .or_else(|| instruction.trigger().and_then(|trigger| hover_in(&trigger, offset)))
}

fn hover_in(instruction: &Instruction<'_>, offset: u32) -> Option<Hover> {
    let keyword_range = instruction.keyword_range();
    if keyword_range.contains(offset) {
        let doc = keyword_doc(instruction.keyword())?;
        return Some(Hover { range: keyword_range, markdown: keyword_markdown(doc) });
    }
    let flag = instruction.flags().find(|flag| flag.range().contains(offset))?;
    let markdown = flag_markdown(instruction.keyword(), flag.name())?;
    Some(Hover { range: flag.range(), markdown })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_has_a_text() {
        for keyword in Keyword::ALL {
            let doc = keyword_doc(keyword).expect("documented");
            assert!(!doc.meaning.is_empty() && !doc.security.is_empty(), "{keyword:?}");
        }
    }

    #[test]
    fn hover_on_keywords_flags_and_triggers() {
        let text = "FROM alpine\nRUN --security=insecure make\nONBUILD USER app\n";
        let parse = Parse::new(text);
        let on_from = hover(&parse, 1).unwrap();
        assert_eq!(on_from.range.slice(text), "FROM");
        assert!(on_from.markdown.contains("**Security:**"));
        let on_flag = hover(&parse, 18).unwrap();
        assert_eq!(on_flag.range.slice(text), "--security=insecure");
        assert!(on_flag.markdown.contains("every capability"));
        let on_trigger = hover(&parse, text.find("USER").unwrap() as u32 + 1).unwrap();
        assert!(on_trigger.markdown.contains("non-root"));
        assert!(hover(&parse, 7).is_none());
    }
}
