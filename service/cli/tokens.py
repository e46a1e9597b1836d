"""`inspections token create|revoke|list`: create, revoke or list API tokens for writes.

Writes through GraphQL need 'Authorization: Bearer <token>'. A recorder may
publish; an editor may also correct and withdraw. Only a digest of each
token is stored; the token itself is printed once.

examples:
  inspections token create ana --role editor
  inspections token revoke ana
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.adapters.settings import Settings
from service.adapters.tokens import ROLES, TokenError
from service.cli.opening import opened
from service.cli.parsing import subcommand


def add_command(commands: Any) -> None:
    command = subcommand(commands, "token", run, __doc__)
    actions = command.add_subparsers(dest="action", required=True, metavar="create|revoke|list")
    create = actions.add_parser("create", help="create a token; it is printed once")
    create.add_argument("name", help="who the token is for; events they record carry it")
    create.add_argument("--role", choices=ROLES, required=True)
    revoke = actions.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    actions.add_parser("list", help="list tokens (names and roles, never the tokens)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "token", existing=args.action == "list", catch_up=False) as service:
        try:
            if args.action == "create":
                token = service.tokens.create(args.name, args.role)
                print(
                    f"created a token for {args.name} with the role {args.role}; it is shown this once:",
                    file=sys.stderr,
                )
                print(token)
            elif args.action == "revoke":
                service.tokens.revoke(args.name)
                print(f"revoked the token {args.name}")
            else:
                for name, role, created_at, revoked_at in service.tokens.listing():
                    state = f"revoked {revoked_at}" if revoked_at else "active"
                    print(f"{name}\t{role}\tcreated {created_at}\t{state}")
        except TokenError as error:
            print(f"inspections token: {error}", file=sys.stderr)
            return 1
    return 0
