"""What a plan's own git repository needs beside its data, written by `init` and `import`:
`.gitattributes` (the log merged by union), `.pre-commit-config.yaml` (the ipcity-validate
hook) and the CI workflow `.github/workflows/validate.yml`.

They go where git and GitHub look for them, the repository's root: the root of the git
repository the data directory is in, or, when it is in none yet, the data directory itself,
which is then to become one (`git init` there). Paths in them are the data directory's
from that root. A file that is there already is left as it is, and the report says what
to add to it by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ipcity import __version__
from ipcity.errors import OutputError
from ipcity.files.yaml_write import scalar
from ipcity.plan.problems import FILES, STATUS

ATTRIBUTES = ".gitattributes"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/validate.yml"
NAMES = (ATTRIBUTES, PRE_COMMIT, WORKFLOW)

# Where this project's copy is kept is each office's own: a placeholder to replace, as the
# README's "Keeping a plan in its own repository" says, pinned to the version that wrote it.
REPO_URL = "https://git.example.org/office/ipcity"
REV = f"v{__version__}"


@dataclass
class RepoFiles:
    """Where the files went, which were written, and which were there already."""

    root: Path  # as the user named it when it is the data directory, else absolute
    in_git: bool  # root is an existing repository's root, not the data directory to be one
    data: str  # the data directory from root, with / (. when it is root)
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    union_already: bool = False  # a kept .gitattributes holds the line already

    def report(self) -> str:
        """What was done, in the user's words: where, why there, and what is left to do."""
        lines = []
        if self.written:
            names = "、".join(self.written)
            if not self.in_git:
                lines.append(
                    f"在 {self.root} 新建了 {names}：它还不在 git 仓库中，"
                    "这些文件按它将是仓库的根目录写成（在其中运行 git init）"
                )
            else:
                inside = "就是仓库的根目录" if self.data == "." else f"是其中的 {self.data}"
                lines.append(f"在 git 仓库的根目录 {self.root} 新建了 {names}（数据目录{inside}）")
        for name in self.kept:
            if name == ATTRIBUTES and self.union_already:
                continue
            lines.append(f"{self.root} 中已有 {name}，未改动；{self._add(name)}")
        if PRE_COMMIT in self.written or WORKFLOW in self.written:
            lines.append(
                f"其中 ipcity 的地址 {REPO_URL} 和版本 {REV} 是占位，"
                "改成你们存放 ipcity 的仓库地址和其中的标签"
            )
        return "".join(line + "\n" for line in lines)

    def _add(self, name: str) -> str:
        if name == ATTRIBUTES:
            return f"请在其中加上一行：{attributes_line(self.data)}"
        if name == PRE_COMMIT:
            return (
                f"请在 repos 中加上 ipcity-validate 钩子（args: [--data-dir, {self.data}]），"
                "每次提交前检查这套数据"
            )
        return f"请在 steps 中加上一步：{_validate_command(self.data)}"


def git_root(directory: Path) -> Path | None:
    """The root of the git repository a directory (existing or not yet) is in, or None."""
    for folder in [directory, *directory.parents]:
        if (folder / ".git").exists():  # a folder, or a file in a worktree or submodule
            return folder
    return None


def texts(data: str) -> dict[str, str]:
    """The three files for a data directory at `data` from the repository's root."""
    return {
        ATTRIBUTES: _attributes(data),
        PRE_COMMIT: _pre_commit(data),
        WORKFLOW: _workflow(data),
    }


def write(directory: Path) -> RepoFiles:
    """Write the files at the root for a data directory, leaving any that exist alone."""
    resolved = directory.resolve()
    root = git_root(resolved)
    data = _relative(resolved, root or resolved)
    found = RepoFiles(root or directory, root is not None, data)
    for name, text in texts(data).items():
        path = (root or resolved) / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            found.kept.append(name)
            continue
        except OSError as exc:
            raise OutputError.writing(path, exc) from None
        found.written.append(name)
    if ATTRIBUTES in found.kept:
        found.union_already = _holds_line((root or resolved) / ATTRIBUTES, attributes_line(data))
    return found


def _holds_line(path: Path, wanted: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(" ".join(line.split()) == wanted for line in text.splitlines())


def _relative(directory: Path, root: Path) -> str:
    return directory.relative_to(root).as_posix() if directory != root else "."


def attributes_line(data: str) -> str:
    """plans/huzhou/status.yaml merge=union; /status.yaml at the root (that file, not any)."""
    path = f"/{STATUS}" if data == "." else f"{data}/{STATUS}"
    # A space or a glob character in a folder's name would end or widen the pattern.
    path = re.sub(r"([ *?\[\\])", r"\\\1", path)
    return f"{path} merge=union"


def _attributes(data: str) -> str:
    return (
        "# 进度记录 status.yaml 只在末尾追加，每条记录一行（ipcity record 就这样写）。\n"
        "# 两个分支各自追加了记录，合并时保留两边的行，而不是停下来报冲突；\n"
        "# 合并后运行 ipcity validate 检查。\n"
        f"{attributes_line(data)}\n"
    )


def _files_pattern(data: str) -> str:
    """The hook's files: the three data files where they are, and no other tasks.yaml."""
    names = "|".join(name.removesuffix(".yaml") for name in FILES)
    folder = "" if data == "." else re.escape(data + "/")
    return f"^{folder}({names})\\.yaml$"


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pre_commit(data: str) -> str:
    return (
        "# 每次提交前检查工作方案（运行一次 pre-commit install 后生效）：提交中有这套数据的\n"
        "# tasks.yaml、units.yaml 或 status.yaml 时运行 ipcity validate，有错就不提交，\n"
        "# 并列出每个错误的文件、行和改法。\n"
        "# repo 和 rev 是占位：改成你们存放 ipcity 的仓库地址，和其中的一个标签（tag）。\n"
        "repos:\n"
        f"  - repo: {REPO_URL}\n"
        f"    rev: {REV}\n"
        "    hooks:\n"
        "      - id: ipcity-validate\n"
        f"        args: [{scalar('--data-dir', quote=True)}, {scalar(data, quote=True)}]\n"
        f"        files: {_single_quoted(_files_pattern(data))}\n"
    )


def _workflow(data: str) -> str:
    return (
        "# 每次推送和合并请求时检查工作方案；有错时，每个错误标在出错文件的那一行上。\n"
        "# IPCITY 是占位：改成你们存放 ipcity 的仓库地址和标签（同 .pre-commit-config.yaml）。\n"
        "name: validate\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "env:\n"
        f'  IPCITY: "ipcity @ git+{REPO_URL}.git@{REV}"\n'
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        '      - run: pip install "$IPCITY"\n'
        f"      - run: {scalar(_validate_command(data))}\n"
    )


def _validate_command(data: str) -> str:
    return f"ipcity validate --data-dir {_shell_word(data)} --format github"


def _shell_word(text: str) -> str:
    """A path as one word for the shell (and plain for YAML): quoted unless plainly safe."""
    if re.fullmatch(r"[\w./-]+", text) and not text.startswith("-"):
        return text
    return "'" + text.replace("'", "'\\''") + "'"
