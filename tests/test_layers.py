"""The core's rooms: no import cycle anywhere in salesbook/, counting the
imports made inside functions (import-linter's layers contract in .ci/run
checks the order between the layers; this checks inside them too)."""

import grimp


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    mods = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for m in mods:
        if m not in index:
            visit(m)
    return found


def test_the_core_has_no_import_cycle():
    graph = grimp.build_graph("salesbook", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_book_file_never_imports_the_records_built_on_it():
    graph = grimp.build_graph("salesbook", exclude_type_checking_imports=True)
    for low in ("salesbook.store", "salesbook.rules"):
        for high in ("salesbook.records", "salesbook.insight", "salesbook.excel", "salesbook.cli"):
            assert not graph.chain_exists(importer=low, imported=high, as_packages=True), (
                low,
                high,
            )
