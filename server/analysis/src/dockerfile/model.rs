//! The meaning of a Dockerfile beyond its syntax: the global ARGs, the build
//! stages with their names and bases, and the user each stage runs as.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::dockerfile::syntax::{Instruction, Keyword, Parse};
use crate::image::ImageRef;
use crate::text::TextRange;

/// The stages and ARGs of a Dockerfile.
#[derive(Debug)]
pub struct Model<'a> {
    /// Every instruction, in order; stages refer to them by index.
    pub instructions: Vec<Instruction<'a>>,
    /// The ARGs before the first FROM, which only FROM lines can use.
    pub global_args: Vec<ArgDeclaration>,
    pub stages: Vec<Stage>,
    /// [`Model::source_references`], read once: several rules ask for it on
    /// every keystroke.
    source_references: OnceLock<Vec<SourceReference>>,
    /// Stage indexes by lower-case name (the first stage of a name wins,
    /// as in Docker), so that a file with many stages stays linear.
    stage_names: HashMap<String, usize>,
}

/// `ARG NAME[=default]`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ArgDeclaration {
    pub name: String,
    pub default: Option<String>,
    pub instruction: usize,
    pub name_range: TextRange,
}

/// One `FROM` and the instructions up to the next.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Stage {
    pub index: usize,
    /// The index of its FROM instruction.
    pub from: usize,
    /// One past its last instruction.
    pub end: usize,
    /// The name after `AS`, as written.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    /// The base as written, and where.
    pub base_text: String,
    pub base_range: TextRange,
    pub base: Base,
}

/// What a stage is built on.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Base {
    /// An earlier stage of this file.
    Stage(usize),
    Scratch,
    /// An image, with the text it resolved to (ARG defaults substituted).
    Image {
        image: ImageRef,
        resolved: String,
    },
    /// Uses an ARG that has no default (or an undeclared one).
    Unresolved,
    /// Not a valid image reference, even resolved.
    Invalid {
        resolved: String,
    },
    /// FROM without an image.
    Missing,
}

/// Who the final process runs as, as far as the file tells.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum EffectiveUser {
    /// A USER instruction decides it: its index and the user it names.
    Set { instruction: usize, user: String },
    /// The base image is known to run as non-root.
    NonRootImage,
    /// Nothing sets a user: the image's default, root for almost all.
    Default,
}

impl EffectiveUser {
    /// Whether this is root for certain (a USER naming root or 0).
    pub fn is_explicit_root(&self) -> bool {
        matches!(self, EffectiveUser::Set { user, .. } if is_root_user(user))
    }
}

/// Whether `USER` text names root: `root`, `0`, with any group, or
/// Windows containers' `ContainerAdministrator`.
pub fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0" || name.eq_ignore_ascii_case("ContainerAdministrator")
}

impl<'a> Model<'a> {
    pub fn new(parse: &'a Parse) -> Model<'a> {
        let instructions: Vec<Instruction<'a>> = parse.instructions().collect();
        let mut global_args = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();
        let mut stage_names: HashMap<String, usize> = HashMap::new();
        for (index, instruction) in instructions.iter().enumerate() {
            match instruction.keyword() {
                Keyword::Arg if stages.is_empty() => {
                    global_args.extend(arg_declarations(instruction, index));
                }
                Keyword::From => {
                    if let Some(last) = stages.last_mut() {
                        last.end = index;
                    }
                    let stage =
                        read_stage(instruction, index, stages.len(), &stage_names, &global_args);
                    if let Some(name) = &stage.name {
                        stage_names.entry(name.to_ascii_lowercase()).or_insert(stage.index);
                    }
                    stages.push(stage);
                }
                _ => {}
            }
        }
        if let Some(last) = stages.last_mut() {
            last.end = instructions.len();
        }
        Model { instructions, global_args, stages, source_references: OnceLock::new(), stage_names }
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        // Stages are in order and cover the instructions from the first FROM.
        let index = self.stages.partition_point(|stage| stage.end <= instruction);
        self.stages.get(index).filter(|stage| stage.from <= instruction)
    }

    /// The stage a `--from` or FROM names: by name in any case, or by index.
    pub fn find_stage(&self, reference: &str) -> Option<&Stage> {
        if let Ok(index) = reference.parse::<usize>() {
            return self.stages.get(index);
        }
        self.stage_names.get(&reference.to_ascii_lowercase()).map(|&index| &self.stages[index])
    }

    /// Every instruction, each followed by its ONBUILD trigger if it has
    /// one: what rules about a single instruction's syntax read.
    pub fn instructions_and_triggers(&self) -> impl Iterator<Item = Instruction<'a>> + '_ {
        self.instructions
            .iter()
            .flat_map(|instruction| [Some(*instruction), instruction.trigger()])
            .flatten()
    }

    /// The instructions of a stage, FROM included.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction<'a>] {
        &self.instructions[stage.from..stage.end]
    }

    /// Who a stage's process runs as: its last USER, else its base stage's,
    /// else what its base image is known for.
    pub fn effective_user(&self, stage: &Stage) -> EffectiveUser {
        let mut current = stage;
        // A stage can only build on an earlier one, so this ends.
        loop {
            let last_user = (current.from..current.end)
                .rev()
                .find(|&index| self.instructions[index].keyword() == Keyword::User);
            if let Some(index) = last_user {
                let user = self.instructions[index].arguments().to_owned();
                return EffectiveUser::Set { instruction: index, user };
            }
            match &current.base {
                Base::Stage(parent) if *parent < current.index => current = &self.stages[*parent],
                Base::Image { image, .. } if image.runs_as_non_root() => {
                    return EffectiveUser::NonRootImage;
                }
                _ => return EffectiveUser::Default,
            }
        }
    }

    /// The image a stage finally builds on, following stage bases.
    pub fn root_image<'m>(&'m self, stage: &'m Stage) -> Option<&'m ImageRef> {
        let mut current = stage;
        loop {
            match &current.base {
                Base::Stage(parent) if *parent < current.index => current = &self.stages[*parent],
                Base::Image { image, .. } => return Some(image),
                _ => return None,
            }
        }
    }

    /// Substitutes the global ARGs' defaults into FROM-line text. `None`
    /// when a variable has no default.
    pub fn resolve_global(&self, text: &str) -> Option<String> {
        resolve_with(text, &self.global_args)
    }
}

/// The declarations of one `ARG` instruction (it may declare several).
pub fn arg_declarations(instruction: &Instruction<'_>, index: usize) -> Vec<ArgDeclaration> {
    declarations_of(instruction, index)
}

/// `ENV NAME=value ...` or the old `ENV NAME value`: each name with its
/// value (quotes removed, variables as written).
pub fn env_declarations(instruction: &Instruction<'_>) -> Vec<ArgDeclaration> {
    declarations_of(instruction, 0)
}

fn declarations_of(instruction: &Instruction<'_>, index: usize) -> Vec<ArgDeclaration> {
    instruction
        .declarations()
        .into_iter()
        .map(|declaration| ArgDeclaration {
            name: instruction.logical_slice(declaration.name).to_owned(),
            default: declaration.value,
            instruction: index,
            name_range: instruction.to_source(declaration.name),
        })
        .collect()
}

fn read_stage(
    instruction: &Instruction<'_>,
    index: usize,
    stage_index: usize,
    earlier: &HashMap<String, usize>,
    global_args: &[ArgDeclaration],
) -> Stage {
    let words = instruction.blank_separated_arguments();
    let (base_text, base_range) = match words.first() {
        Some((text, range)) => ((*text).to_owned(), instruction.to_source(*range)),
        None => (String::new(), instruction.keyword_range()),
    };
    let (name, name_range) = match words.as_slice() {
        [_, as_word, name, ..] if as_word.0.eq_ignore_ascii_case("as") => {
            (Some(name.0.to_owned()), Some(instruction.to_source(name.1)))
        }
        _ => (None, None),
    };
    let base = if base_text.is_empty() {
        Base::Missing
    } else {
        match resolve_with(&base_text, global_args) {
            None => Base::Unresolved,
            Some(resolved) => {
                if let Some(&stage) = earlier.get(&resolved.to_ascii_lowercase()) {
                    Base::Stage(stage)
                } else if resolved.eq_ignore_ascii_case("scratch") {
                    Base::Scratch
                } else {
                    match ImageRef::parse(&resolved) {
                        Some(image) => Base::Image { image, resolved },
                        None => Base::Invalid { resolved },
                    }
                }
            }
        }
    };
    Stage {
        index: stage_index,
        from: index,
        end: index + 1,
        name,
        name_range,
        base_text,
        base_range,
        base,
    }
}

/// Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME-default}`
/// with the ARGs' defaults. `None` when a variable cannot be resolved.
pub fn resolve_with(text: &str, args: &[ArgDeclaration]) -> Option<String> {
    use crate::dockerfile::syntax::words::variable_references;
    let references = variable_references(text, TextRange::new(0, text.len() as u32), '\\');
    if references.is_empty() {
        return Some(text.to_owned());
    }
    let lookup = |name: &str| {
        args.iter().rev().find(|arg| arg.name == name).and_then(|arg| arg.default.clone())
    };
    let mut out = String::new();
    let mut cursor = 0usize;
    for reference in references {
        out.push_str(&text[cursor..reference.range.start as usize]);
        let name = reference.name.slice(text);
        let value = lookup(name).filter(|value| !value.is_empty());
        let replacement = match (&reference.modifier, value) {
            (None, Some(value)) => value,
            (None, None) => return None,
            (Some((operator, word)), value) => {
                let word = word.slice(text);
                match (operator.as_str(), value) {
                    (":-" | "-", Some(value)) => value,
                    (":-" | "-", None) => resolve_with(word, args)?,
                    (":+" | "+", Some(_)) => resolve_with(word, args)?,
                    (":+" | "+", None) => String::new(),
                    (_, Some(value)) => value,
                    (_, None) => return None,
                }
            }
        };
        out.push_str(&replacement);
        cursor = reference.range.end as usize;
    }
    out.push_str(&text[cursor..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_names_and_bases() {
        let parse = Parse::new(
            "ARG BASE=golang:1.22\nARG NOPE\nFROM ${BASE} AS Build\nRUN go build\nFROM build AS test\nFROM $NOPE\nFROM scratch\nCOPY --from=BUILD /x /x\n",
        );
        let model = Model::new(&parse);
        assert_eq!(model.global_args.len(), 2);
        assert_eq!(model.stages.len(), 4);
        assert!(
            matches!(&model.stages[0].base, Base::Image { resolved, .. } if resolved == "golang:1.22")
        );
        assert_eq!(model.stages[1].base, Base::Stage(0));
        assert_eq!(model.stages[2].base, Base::Unresolved);
        assert_eq!(model.stages[3].base, Base::Scratch);
        assert_eq!(model.find_stage("build").map(|s| s.index), Some(0));
        assert_eq!(model.find_stage("1").map(|s| s.index), Some(1));
        assert_eq!(model.stage_of(3).map(|s| s.index), Some(0));
        assert_eq!(model.stage_instructions(&model.stages[3]).len(), 2);
    }

    #[test]
    fn effective_user_follows_the_stage_chain() {
        let parse = Parse::new("FROM alpine AS base\nUSER app\nFROM base\nRUN x\n");
        let model = Model::new(&parse);
        let user = model.effective_user(model.final_stage().unwrap());
        assert_eq!(user, EffectiveUser::Set { instruction: 1, user: "app".into() });
        let parse = Parse::new("FROM gcr.io/distroless/static:nonroot\n");
        let model = Model::new(&parse);
        assert_eq!(model.effective_user(&model.stages[0]), EffectiveUser::NonRootImage);
        assert!(is_root_user("0:0") && is_root_user("root") && !is_root_user("rootless"));
    }

    #[test]
    fn resolution_with_modifiers() {
        let args = vec![ArgDeclaration {
            name: "V".into(),
            default: Some("3.20".into()),
            instruction: 0,
            name_range: TextRange::default(),
        }];
        assert_eq!(resolve_with("alpine:${V}", &args).as_deref(), Some("alpine:3.20"));
        assert_eq!(resolve_with("alpine:${X:-edge}", &args).as_deref(), Some("alpine:edge"));
        assert_eq!(resolve_with("alpine:${X:+y}", &args).as_deref(), Some("alpine:"));
        assert_eq!(resolve_with("alpine:$X", &args), None);
    }
}

/// A `COPY --from=` or `RUN --mount=...,from=` that names a stage or image.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SourceReference {
    /// The index of the instruction holding it.
    pub instruction: usize,
    /// The value as Docker reads it (quotes removed).
    pub written: String,
    /// The value with ARG defaults substituted, when they all have one.
    pub resolved: Option<String>,
    /// The value's range in the source.
    pub range: TextRange,
    pub target: ReferenceTarget,
}

/// What a `--from` names.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ReferenceTarget {
    Stage(usize),
    Image(ImageRef),
    /// A bare name that is no stage: Docker pulls it as an image.
    UnknownName(String),
    /// A stage number past the last stage.
    BadIndex(usize),
    /// Uses a variable without a value.
    Unresolved,
}

impl Model<'_> {
    /// Every `--from` of COPY and of RUN mounts, outside ONBUILD (whose
    /// references belong to the images built from this one).
    pub fn source_references(&self) -> &[SourceReference] {
        self.source_references.get_or_init(|| self.read_source_references())
    }

    fn read_source_references(&self) -> Vec<SourceReference> {
        let mut references = Vec::new();
        for (index, instruction) in self.instructions.iter().enumerate() {
            match instruction.keyword() {
                Keyword::Copy => {
                    if let Some(flag) = instruction.flag("from")
                        && let (Some(value), Some(range)) = (flag.value(), flag.value_range())
                    {
                        references.push(self.reference(index, value, range));
                    }
                }
                Keyword::Run => {
                    for flag in instruction.flags().filter(|flag| flag.name() == "mount") {
                        let Some(written) = flag.value_logical_range() else { continue };
                        let written_text = instruction.logical_slice(written);
                        for option in crate::dockerfile::flags::parse_mount(written_text) {
                            if !option.is("from") {
                                continue;
                            }
                            let (Some(value), Some(value_range)) =
                                (option.value, option.value_range)
                            else {
                                continue;
                            };
                            let source = instruction.to_source(value_range.shifted(written.start));
                            references.push(self.reference(index, value, source));
                        }
                    }
                }
                _ => {}
            }
        }
        references
    }

    fn reference(&self, instruction: usize, written: &str, range: TextRange) -> SourceReference {
        // Only a variable needs the ARGs in scope; most references are names.
        let stage_args: Vec<ArgDeclaration> = match self.stage_of(instruction) {
            _ if !written.contains('$') => Vec::new(),
            Some(stage) => self
                .global_args
                .iter()
                .cloned()
                .chain(
                    (stage.from..instruction)
                        .filter(|&i| self.instructions[i].keyword() == Keyword::Arg)
                        .flat_map(|i| arg_declarations(&self.instructions[i], i)),
                )
                .collect(),
            None => self.global_args.clone(),
        };
        let resolved = resolve_with(written, &stage_args);
        let target = match resolved.clone() {
            None => ReferenceTarget::Unresolved,
            Some(resolved) => {
                if let Ok(number) = resolved.parse::<usize>() {
                    if number < self.stages.len() {
                        ReferenceTarget::Stage(number)
                    } else {
                        ReferenceTarget::BadIndex(number)
                    }
                } else if let Some(stage) = self.find_stage(&resolved) {
                    ReferenceTarget::Stage(stage.index)
                } else if resolved.contains(['/', ':', '@', '.']) {
                    match ImageRef::parse(&resolved) {
                        Some(image) => ReferenceTarget::Image(image),
                        None => ReferenceTarget::UnknownName(resolved),
                    }
                } else {
                    ReferenceTarget::UnknownName(resolved)
                }
            }
        };
        SourceReference { instruction, written: written.to_owned(), resolved, range, target }
    }
}

/// An image that the build pulls: a stage's base or a `--from` image.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImageUse {
    pub instruction: usize,
    pub image: ImageRef,
    /// As written, variables included.
    pub written: String,
    /// With ARG defaults substituted.
    pub resolved: String,
    pub range: TextRange,
}

impl ImageUse {
    /// How to name the image in a message: as written, and what it resolves
    /// to when a variable was involved.
    pub fn describe(&self) -> String {
        if self.written == self.resolved {
            format!("`{}`", self.written)
        } else {
            format!("`{}` (which resolves to `{}`)", self.written, self.resolved)
        }
    }
}

impl Model<'_> {
    /// Every image the build pulls, where it is named.
    pub fn image_uses(&self) -> Vec<ImageUse> {
        let mut uses: Vec<ImageUse> = self
            .stages
            .iter()
            .filter_map(|stage| match &stage.base {
                Base::Image { image, resolved } => Some(ImageUse {
                    instruction: stage.from,
                    image: image.clone(),
                    written: stage.base_text.clone(),
                    resolved: resolved.clone(),
                    range: stage.base_range,
                }),
                _ => None,
            })
            .collect();
        for reference in self.source_references() {
            if let ReferenceTarget::Image(image) = &reference.target {
                uses.push(ImageUse {
                    instruction: reference.instruction,
                    resolved: reference.resolved.clone().unwrap_or_else(|| image.to_string()),
                    image: image.clone(),
                    written: reference.written.clone(),
                    range: reference.range,
                });
            }
        }
        uses.sort_by_key(|image_use| image_use.range.start);
        uses
    }
}
