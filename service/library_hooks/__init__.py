"""The debts: every place the service reaches into a library's private parts,
one module per library, each hook with a contract test
(tests/integration/test_library_contracts.py) and a stock fallback where one exists.
"""
