"""click's own messages (usage errors, help headings) in the user's language.

click formats them with ``gettext`` at the moment it shows them; without a
Chinese catalog they come out in English even with ``--lang zh``
("Error: Invalid value for '--book': ... is a directory"). ``install()`` gives
click's modules a ``_``/``ngettext`` that answer in Chinese when the chosen
language is Chinese, and click's own English otherwise.
"""

from __future__ import annotations

import importlib

from ..i18n import current_language

ZH = {
    "Error: {message}": "错误：{message}",
    "Usage:": "用法：",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "您是想用 {possibility} 吗？",
    "(Did you mean one of: {possibilities}?)": "（您是想用其中之一吗：{possibilities}？）",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{filename!r} 是一个文件夹，这里要的是文件。",
    "{name} {filename!r} is a file.": "{filename!r} 是一个文件，这里要的是文件夹。",
    "{name} {filename!r} is not readable.": "{filename!r} 无法读取（没有权限）。",
    "{name} {filename!r} is not writable.": "{filename!r} 无法写入（没有权限）。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Options": "选项",
    "Commands": "命令",
    "Aborted!": "已取消！",
    "default: {default}": "默认：{default}",
}

_MODULES = ("core", "exceptions", "types", "parser", "formatting", "decorators", "termui", "utils")


def _(message: str) -> str:
    return ZH.get(message, message) if current_language() == "zh" else message


def ngettext(singular: str, plural: str, n: int) -> str:
    english = singular if n == 1 else plural
    return ZH.get(english, english) if current_language() == "zh" else english


def install() -> None:
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a click without that module: its words stay English
            continue
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
