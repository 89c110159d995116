"""The tracks x phases grid, built from a fixed number of queries whatever the number of nodes."""

from django.db.models import Prefetch

from wijkkompas.models import Node, Phase, Track


def build(discussion=None, views=None, needs=None):
    phases = list(Phase.objects.all())
    tracks = list(Track.objects.all())
    nodes = list(
        Node.objects.select_related("phase").prefetch_related(Prefetch("tracks", queryset=Track.objects.all()))
    )
    views_by_track = {v.track_id: v for v in views or []}
    needs_by_node = {}
    for need in needs or []:
        needs_by_node.setdefault(need.node_id, []).append(need)

    # Each node once into its cells: (track, phase), or (None, phase) for a node without a track.
    cells = {}
    for n in nodes:
        entry = {"node": n, "needs": needs_by_node.get(n.pk, [])}
        for track_id in [t.pk for t in n.tracks.all()] or [None]:
            cells.setdefault((track_id, n.phase_id), []).append(entry)

    def cell_nodes(track_id, phase_id):
        return cells.get((track_id, phase_id), [])

    rows = [
        {"track": t, "view": views_by_track.get(t.pk), "cells": [cell_nodes(t.pk, p.pk) for p in phases]}
        for t in tracks
    ]
    untracked = [cell_nodes(None, p.pk) for p in phases]
    return {
        "phases": phases,
        "rows": rows,
        "untracked": untracked if any(untracked) else None,
        "municipality_phase_id": discussion.municipality_phase_id if discussion else None,
        "initiative_phase_id": discussion.initiative_phase_id if discussion else None,
        "node_count": len(nodes),
    }
