"""Union-find over hashable nodes: the corporate families (connected recipients, identifiers
and parents) and reviewers' positive decisions (names judged to be one entity) are both the
connected components of a graph."""

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

N = TypeVar("N", bound=Hashable)


class UnionFind(Generic[N]):
    def __init__(self) -> None:
        self.parent: dict[N, N] = {}

    def __contains__(self, node: object) -> bool:
        return node in self.parent

    def find(self, node: N) -> N:
        """The component's representative (its smallest node), with path compression."""
        root = node
        while (up := self.parent.get(root, root)) != root:
            root = up
        while (up := self.parent.get(node, node)) != root:
            self.parent[node], node = root, up
        return root

    def union(self, a: N, b: N) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))  # type: ignore[type-var]
            self.parent[high] = low

    def link(self, nodes: Iterable[N]) -> None:
        """Join every node of `nodes` into one component."""
        first = None
        for node in nodes:
            if first is None:
                first = node
                self.parent.setdefault(node, node)
            else:
                self.union(first, node)

    def members(self, node: N) -> list[N]:
        """Every node known to be in `node`'s component (itself included when known)."""
        root = self.find(node)
        return [n for n in self.parent if self.find(n) == root]
