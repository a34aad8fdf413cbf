"""`halterofit plateaus` (stalled lifts with causes and what to try) and `halterofit anomalies`
(sets that looked like typos). docs/METRICS.md defines the detector, causes and rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from halterofit_tui.domain.units import Unit, format_number, format_weight

if TYPE_CHECKING:
    from halterofit_tui.services.anomalies import FlaggedSet
    from halterofit_tui.services.plateaus import PlateauReport
    from halterofit_tui.store.engine import Database

JSON_HELP = "Print JSON (weights in kg) instead of text."
ID_HELP = "Plateau id (or its first 4+ characters)."

plateaus_app = typer.Typer(
    rich_markup_mode=None,
    invoke_without_command=True,
    help="Lifts whose e1RM has stalled, with probable causes and what to try.",
)
anomalies_app = typer.Typer(
    rich_markup_mode=None,
    invoke_without_command=True,
    help="Sets that looked like typos, kept out of records until you confirm them.",
)


def _store() -> Database:
    from halterofit_tui.services.context import open_store

    return open_store()


# --- plateaus ---------------------------------------------------------------------------------


def plateau_json(p: PlateauReport) -> dict[str, Any]:
    from halterofit_tui.cli.output import iso

    return {
        "id": p.id,
        "exercise_id": p.exercise_id,
        "exercise": p.exercise_name,
        "status": p.status,
        "resolution": p.resolution,
        "metric": p.metric,
        "start": p.start.isoformat(),
        "end": p.end.isoformat() if p.end else None,
        "as_of": p.as_of.isoformat(),
        "duration_days": p.duration_days,
        "confidence": round(p.confidence, 3),
        "last_pr": {"date": p.last_pr_date.isoformat(), "e1rm_kg": round(p.last_pr_kg, 3)},
        "current_avg_kg": round(p.current_avg_kg, 3),
        "trend_kg_per_week": round(p.trend_kg_per_week, 3),
        "acknowledged": p.acknowledged,
        "feedback": p.feedback,
        "causes": [
            {"code": c.code, "text": c.text, "value": c.value, "threshold": c.threshold}
            for c in p.causes
        ],
        "protocols": [
            {"code": x.code, "text": x.text, "rationale": x.rationale, "causes": list(x.causes)}
            for x in p.protocols
        ],
        "detected_at": iso(p.detected_at),
    }


def _status_text(p: PlateauReport) -> str:
    if p.status == "false_positive":
        return f"dismissed as not a plateau{f': {p.feedback}' if p.feedback else ''}"
    if p.resolution == "new_pr":
        return f"resolved by a new best on {p.end}"
    if p.resolution == "user":
        return f"marked resolved on {p.end}"
    if p.resolution == "lapsed":
        return f"no longer reported after {p.end} (lift dropped or climbing back)"
    return "seen" if p.acknowledged else "new"


def plateau_text(p: PlateauReport, *, details: bool = True) -> list[str]:
    unit: Unit = p.unit
    lines = [
        f"{p.exercise_name}  [{p.id[:8]}]  since {p.start} · "
        f"{format_number(p.weeks, 1)} weeks · confidence {format_number(p.confidence, 2)} · "
        f"{_status_text(p)}",
        f"  last PR e1RM {format_weight(p.last_pr_kg, unit)} on {p.last_pr_date} · now "
        f"averaging {format_weight(p.current_avg_kg, unit)} · trend "
        f"{format_weight(p.trend_kg_per_week, unit)}/week (as of {p.as_of})",
    ]
    if not details:
        return lines
    if p.causes:
        lines.append("  Probable causes:")
        lines.extend(f"    - {c.text}" for c in p.causes)
    else:
        lines.append("  No cause found in your sets, effort, frequency or recovery.")
    lines.append("  Try:")
    for protocol in p.protocols:
        lines.append(f"    - {protocol.text}")
        lines.append(f"      Why: {protocol.rationale}")
    return lines


@plateaus_app.callback()
def plateaus(
    ctx: typer.Context,
    show_all: bool = typer.Option(
        False, "--all", help="Also past plateaus and those you dismissed or resolved."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Lifts on a plateau: since when, how sure, probable causes and what to try."""
    if ctx.invoked_subcommand is not None:
        return
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.plateaus import list_plateaus

    found = list_plateaus(_store(), include_all=show_all)
    if as_json:
        emit_json([plateau_json(p) for p in found])
        return
    if not found:
        typer.echo("No plateaus." if show_all else "No active plateaus: every lift is moving.")
        return
    for index, p in enumerate(found):
        if index:
            typer.echo("")
        for line in plateau_text(p, details=p.status == "active"):
            typer.echo(line)
    if any(p.status == "active" for p in found):
        typer.echo("")
        typer.echo(
            "`halterofit plateaus ack ID` marks one seen; `dismiss ID --feedback TEXT` says it "
            "is not a plateau; `resolve ID` ends it."
        )


def _done(verb: str, p: PlateauReport, as_json: bool) -> None:
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(plateau_json(p))
    else:
        typer.echo(f"{verb} the plateau of {p.exercise_name} since {p.start} [{p.id[:8]}].")


@plateaus_app.command("ack")
def acknowledge(
    plateau_id: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Mark a plateau as seen; it stays active until a new best."""
    from halterofit_tui.services.plateaus import acknowledge_plateau

    _done("Acknowledged", acknowledge_plateau(_store(), plateau_id), as_json)


@plateaus_app.command("dismiss")
def dismiss(
    plateau_id: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    feedback: str = typer.Option("", "--feedback", "-f", help="Why it is not a plateau."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Not a plateau (a false positive): it is not raised again for this stall."""
    from halterofit_tui.services.plateaus import dismiss_plateau

    _done("Dismissed", dismiss_plateau(_store(), plateau_id, feedback), as_json)


@plateaus_app.command("resolve")
def resolve(
    plateau_id: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Mark a plateau over; it is not raised again for this stall."""
    from halterofit_tui.services.plateaus import resolve_plateau

    _done("Resolved", resolve_plateau(_store(), plateau_id), as_json)


# --- anomalies --------------------------------------------------------------------------------


def _set_text(s: FlaggedSet) -> str:
    """The set as typed: '1000 kg x 5 @8', 'bw+20 kg x 8'."""
    load = format_weight(s.weight_kg, s.entered_unit)
    if s.is_bodyweight:
        load = "bw" if s.weight_kg == 0 else f"bw+{load}"
    rpe = f" @{format_number(s.rpe, 1)}" if s.rpe is not None else ""
    return f"{load} x {s.reps}{rpe}"


def flagged_json(s: FlaggedSet) -> dict[str, Any]:
    from halterofit_tui.cli.output import iso

    return {
        "set_id": s.set_id,
        "workout_id": s.workout_id,
        "date": s.workout_date.isoformat(),
        "exercise_id": s.exercise_id,
        "exercise": s.exercise_name,
        "set_number": s.set_number,
        "set_type": s.set_type,
        "weight_kg": s.weight_kg,
        "entered_unit": s.entered_unit,
        "is_bodyweight": s.is_bodyweight,
        "reps": s.reps,
        "rpe": s.rpe,
        "logged_at": iso(s.logged_at),
        "confirmed": s.confirmed,
        "reasons": [
            {"code": r.code, "message": r.message, "value": r.value, "threshold": r.threshold}
            for r in s.reasons
        ],
    }


@anomalies_app.callback()
def anomalies(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)
) -> None:
    """Sets flagged as implausible and not confirmed yet (they count in no record)."""
    if ctx.invoked_subcommand is not None:
        return
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.anomalies import pending_anomalies

    found = pending_anomalies(_store())
    if as_json:
        emit_json([flagged_json(s) for s in found])
        return
    if not found:
        typer.echo("No flagged sets.")
        return
    for s in found:
        typer.echo(
            f"{s.workout_date}  {s.exercise_name} set {s.set_number}: {_set_text(s)}  "
            f"[{s.set_id[:8]}]"
        )
        typer.echo(f"  {'; '.join(r.message for r in s.reasons)}")
    typer.echo("")
    typer.echo(
        "Real? `halterofit anomalies confirm ID`. A typo? `halterofit edit ID SPEC` or "
        "`halterofit delete ID`."
    )


@anomalies_app.command("confirm")
def confirm(
    set_id: str = typer.Argument(..., metavar="SET_ID", help="Set id (or its first 4+ chars)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The flagged set is real: count it for records from now on."""
    from halterofit_tui.services.anomalies import confirm_anomaly

    confirmed = confirm_anomaly(_store(), set_id)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(flagged_json(confirmed))
    else:
        typer.echo(
            f"Confirmed {confirmed.exercise_name} set {confirmed.set_number}: "
            f"{_set_text(confirmed)}; it counts for records now."
        )


def register(app: typer.Typer) -> None:
    app.add_typer(plateaus_app, name="plateaus")
    app.add_typer(anomalies_app, name="anomalies")
