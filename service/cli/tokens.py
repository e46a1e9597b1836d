"""`inspections token create|revoke|list`: create, revoke or list API tokens for writes.

Writes through GraphQL need 'Authorization: Bearer <token>'. A recorder may
publish; an editor may also correct and withdraw. Only a digest of each
token is stored; the token itself is printed once.

examples:
  inspections token create ana --role editor
  inspections token revoke ana
  inspections token list
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.adapters.settings import Settings
from service.adapters.tokens import ROLES, TokenError
from service.cli.opening import CommandError, opened
from service.cli.parsing import subcommand


def add_command(commands: Any) -> None:
    command = subcommand(commands, "token", _unknown, __doc__)
    actions = command.add_subparsers(dest="action", required=True, metavar="create|revoke|list")
    create = subcommand(actions, "create", run_create, run_create.__doc__)
    create.add_argument("name", help="who the token is for; every event they record names them")
    create.add_argument(
        "--role",
        choices=ROLES,
        required=True,
        help="recorder: may publish; editor: may also correct and withdraw",
    )
    revoke = subcommand(actions, "revoke", run_revoke, run_revoke.__doc__)
    revoke.add_argument("name", help="the name the token was created for")
    subcommand(actions, "list", run_list, run_list.__doc__)


def _unknown(settings: Settings, args: argparse.Namespace) -> int:
    raise CommandError("inspections token: say create, revoke or list")


def run_create(settings: Settings, args: argparse.Namespace) -> int:
    """`inspections token create NAME --role ROLE`: create a token; it is printed once.

    Create a token for a person or a program; it is printed once, on stdout.

    example:
      TOKEN=$(inspections token create ana --role editor)
    """
    with opened(settings, "token", catch_up=False) as service:
        try:
            token = service.tokens.create(args.name, args.role)
        except TokenError as error:
            raise CommandError(f"inspections token: {error}", exit_code=1) from None
    print(
        f"created a token for {args.name} with the role {args.role}; it is shown this once:", file=sys.stderr
    )
    print(token)
    return 0


def run_revoke(settings: Settings, args: argparse.Namespace) -> int:
    """`inspections token revoke NAME`: revoke a token by name.

    Revoke a token: requests that carry it are refused from now on.

    example:
      inspections token revoke ana
    """
    with opened(settings, "token", existing=True, catch_up=False) as service:
        try:
            service.tokens.revoke(args.name)
        except TokenError as error:
            raise CommandError(f"inspections token: {error}", exit_code=1) from None
    print(f"revoked the token {args.name}")
    return 0


def run_list(settings: Settings, args: argparse.Namespace) -> int:
    """`inspections token list`: list tokens (names and roles, never the tokens).

    List every token: its name, role, when it was created and whether it was revoked.

    example:
      inspections token list
    """
    with opened(settings, "token", existing=True, catch_up=False) as service:
        for name, role, created_at, revoked_at in service.tokens.listing():
            state = f"revoked {revoked_at}" if revoked_at else "active"
            print(f"{name}\t{role}\tcreated {created_at}\t{state}")
    return 0
