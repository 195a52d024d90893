"""Names the command line needs before anything heavy is imported."""

KINDS: tuple[str, ...] = ("年度工作总结", "半年工作总结", "专项工作汇报", "述职报告", "工作汇报")
#: section names a facts file may rename with 章节标题, with their English aliases
SECTIONS: dict[str, str] = {
    "基本情况": "profile",
    "主要做法": "practices",
    "特色亮点": "highlights",
    "存在问题": "problems",
    "下步打算": "plans",
}

#: where a value sits in a facts file: keys and list indexes from the top
PathKey = tuple[str | int, ...]

#: exit codes: the facts have errors, usage (or an unusable reference document), a template
#: failed, the output could not be written
EXIT_OK, EXIT_FACTS, EXIT_USAGE, EXIT_TEMPLATE, EXIT_OUTPUT = 0, 1, 2, 3, 4
