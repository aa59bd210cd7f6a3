"""The `pathway` command line: `pathway --help` lists the commands."""

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from core.settings import get_settings


def _dev(args: argparse.Namespace) -> int:
    from commands.dev import run_dev

    size = {"orders": args.demo_orders, "diversions": args.demo_diversions}
    demo_size = {k: v for k, v in size.items() if v is not None}
    return run_dev(get_settings(), demo=args.demo, port=args.port, demo_size=demo_size)


def _worker(args: argparse.Namespace) -> int:
    import worker

    worker.main()
    return 0


def _api(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    # Without a bound, uvicorn waits for ever for a request that waits for ever (an update
    # to a workflow no worker serves, a call retried against a Temporal that is down).
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=settings.api_host,
        port=args.port or settings.api_port,
        log_level="info",
        timeout_graceful_shutdown=settings.api_shutdown_seconds,
    )
    return 0


def _token(args: argparse.Namespace) -> int:
    from api.auth import Role, issue_token

    sys.stdout.write(
        issue_token(get_settings(), user=args.user, role=Role(args.role), team=args.team) + "\n"
    )
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from commands.ingest import run_ingest

    return run_ingest(get_settings(), [Path(f) for f in args.files], diversion=args.diversion)


def _migrate(args: argparse.Namespace) -> int:
    from db.session import migrate

    migrate(get_settings().sqlalchemy_url)
    return 0


def _eligibility(args: argparse.Namespace) -> int:
    from rules.cli import eligibility_command, turnaround_command

    try:
        if args.preview is not None:
            from commands.rule_preview import preview_command

            printed = preview_command(
                get_settings(),
                args.preview,
                Path(args.proposals),
                on=args.on,
                team=args.team,
                min_count=args.min_count,
            )
        elif args.turnaround is not None:
            printed = turnaround_command(Path(args.turnaround), args.on)
        elif args.facts is None:
            raise ValueError("give FACTS.json, --turnaround FACTS.json or --preview VERSION")
        else:
            printed = eligibility_command(Path(args.facts), args.on)
        sys.stdout.write(printed + "\n")
    except ValueError as bad:
        sys.stderr.write(f"pathway eligibility: {bad}\n")
        return 2
    return 0


def _bench(args: argparse.Namespace) -> int:
    from commands.bench import run_bench

    return run_bench(args.name, args.rest)


def _rebuild(args: argparse.Namespace) -> int:
    from commands.rebuild import run_rebuild

    return run_rebuild(get_settings(), force=args.force)


def parser() -> argparse.ArgumentParser:
    """Build the argument parser of every subcommand."""
    p = argparse.ArgumentParser(prog="pathway", description="Pathway: youth justice pathways.")
    sub = p.add_subparsers(dest="command", required=True)
    commands: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
        "dev": ("the whole system on the embedded default: Temporal, worker, API", _dev),
        "worker": ("the Temporal worker alone", _worker),
        "api": ("the HTTP API alone", _api),
        "token": ("print a bearer token signed with the configured key", _token),
        "ingest": ("ingest court records from files", _ingest),
        "migrate": ("bring the database schema up to date", _migrate),
        "eligibility": (
            "decide eligibility for facts in a file, or preview a proposed rule set version",
            _eligibility,
        ),
        "bench": ("run a benchmark and print its figures", _bench),
        "rebuild-read-model": ("rebuild the read model from the workflows (recovery)", _rebuild),
    }
    subs = {name: sub.add_parser(name, help=text) for name, (text, _) in commands.items()}
    for name, (_, func) in commands.items():
        subs[name].set_defaults(func=func)
    subs["dev"].add_argument("--demo", action="store_true", help="load demo pathways")
    subs["dev"].add_argument(
        "--demo-orders", type=int, default=None, help="the demo year's court orders (0: none)"
    )
    subs["dev"].add_argument(
        "--demo-diversions", type=int, default=None, help="the demo year's police referrals"
    )
    subs["dev"].add_argument("--port", type=int, default=None, help="API port (default 8000)")
    subs["api"].add_argument("--port", type=int, default=None)
    subs["token"].add_argument(
        "--role", required=True, choices=["caseworker", "supervisor", "integrator", "auditor"]
    )
    subs["token"].add_argument("--user", required=True)
    subs["token"].add_argument("--team", default=None)
    subs["ingest"].add_argument("files", nargs="+")
    subs["ingest"].add_argument(
        "--diversion",
        action="store_true",
        help="every record is a referral for diversion (else those with a referral_id are)",
    )
    subs["eligibility"].add_argument("facts", nargs="?", default=None)
    subs["eligibility"].add_argument(
        "--preview",
        metavar="VERSION",
        default=None,
        help="decide every open pathway under this proposed version and count what changes",
    )
    subs["eligibility"].add_argument(
        "--proposals",
        default="rule_proposals.toml",
        help="the TOML file of proposed versions (default rule_proposals.toml)",
    )
    subs["eligibility"].add_argument(
        "--turnaround",
        metavar="FACTS.json",
        default=None,
        help="decide Turnaround (the diversion pathway's prevention programme) for these facts",
    )
    subs["eligibility"].add_argument("--team", default=None, help="preview one team only")
    subs["eligibility"].add_argument(
        "--min-count", type=int, default=5, help="suppress counts below this (default 5)"
    )
    subs["eligibility"].add_argument(
        "--on",
        type=date.fromisoformat,
        default=None,
        help="evaluation date YYYY-MM-DD (default today)",
    )
    subs["bench"].add_argument("name", help="which benchmark, e.g. rules")
    subs["bench"].add_argument("rest", nargs=argparse.REMAINDER)
    subs["rebuild-read-model"].add_argument(
        "--force", action="store_true", help="rewrite rows even when their version is current"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the `pathway` command."""
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
