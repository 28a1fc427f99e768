"""Reads detect-secrets' plugin tests without running them and prints their labelled examples as JSON.

    python3 scripts/peer-suite/detect_secrets_cases.py <detect-secrets checkout>

Each `pytest.mark.parametrize` table of `tests/plugins/*_test.py` is read with `ast`: `(payload, should_flag)` rows,
`(plugin, non_secret, secret)` rows and the keyword plugin's `(line, expected_secret)` tables per file extension.
Expressions are evaluated by a small evaluator that knows string literals, module constants, `+`, `*`, slices and
`str.format`; a field it cannot evaluate is reported as a problem, and a row without its text is left out. Nothing
of the checkout is executed.
"""
import ast
import json
import sys
from pathlib import Path


class Unsupported(Exception):
    pass


def evaluate(node, names):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise Unsupported(f'name {node.id}')
    if isinstance(node, (ast.Tuple, ast.List)):
        return [evaluate(e, names) for e in node.elts]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
        left, right = evaluate(node.left, names), evaluate(node.right, names)
        return left + right if isinstance(node.op, ast.Add) else left * right
    if isinstance(node, ast.Subscript):
        value = evaluate(node.value, names)
        s = node.slice
        if isinstance(s, ast.Slice):
            part = [evaluate(x, names) if x is not None else None for x in (s.lower, s.upper, s.step)]
            return value[slice(*part)]
        return value[evaluate(s, names)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -evaluate(node.operand, names)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'format':
        template = evaluate(node.func.value, names)
        if isinstance(template, str) and all(k.arg for k in node.keywords):
            return template.format(*[evaluate(a, names) for a in node.args], **{k.arg: evaluate(k.value, names) for k in node.keywords})
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            out.append(str(evaluate(part.value, names)) if isinstance(part, ast.FormattedValue) else part.value)
        return ''.join(out)
    raise Unsupported(type(node).__name__)


def module_constants(tree):
    names = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                names[stmt.targets[0].id] = evaluate(stmt.value, names)
            except (Unsupported, TypeError, ValueError, IndexError, KeyError):
                pass
    return names


def parametrize_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'parametrize' and len(node.args) >= 2:
            names = node.args[0]
            if isinstance(names, ast.Constant) and isinstance(names.value, str):
                yield [n.strip() for n in names.value.split(',')], node.args[1], node.lineno


def rows(values_node, names, problems, where):
    if not isinstance(values_node, (ast.List, ast.Tuple)):
        return
    for element in values_node.elts:
        # A row's fields one by one: a field we cannot read (a plugin class) is None; the caller needs only some.
        fields = element.elts if isinstance(element, ast.Tuple) else [element]
        row = []
        for field in fields:
            try:
                row.append(evaluate(field, names))
            except (Unsupported, TypeError, ValueError, IndexError, KeyError) as e:
                row.append(None)
                problems.append(f'{where}:{field.lineno}: field left out ({e})')
        yield row


def keyword_tables(values_node, names, problems, where):
    """`parse_test_cases([(extension, TABLE), …])`: rows (extension, line, expected_secret)."""
    if not (isinstance(values_node, ast.Call) and isinstance(values_node.func, ast.Name) and values_node.func.id == 'parse_test_cases'):
        return
    for pair in values_node.args[0].elts:
        extension = evaluate(pair.elts[0], names)
        table = pair.elts[1]
        if isinstance(table, ast.Name):
            table = next((s.value for s in ast.parse(SOURCE[where]).body
                          if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and s.targets[0].id == table.id), None)
        for row in rows(table, names, problems, where):
            yield extension, row[0], row[1]


SOURCE = {}


def main(checkout):
    examples, problems = [], []
    for path in sorted(Path(checkout, 'tests', 'plugins').glob('*_test.py')):
        plugin = path.name[:-len('_test.py')]
        where = str(path.relative_to(checkout))
        SOURCE[where] = path.read_text(encoding='utf-8')
        tree = ast.parse(SOURCE[where])
        names = module_constants(tree)
        for argnames, values_node, line in parametrize_calls(tree):
            if argnames == ['file_extension', 'line', 'expected_secret']:
                for extension, text, expected in keyword_tables(values_node, names, problems, where):
                    if isinstance(text, str):
                        examples.append({'plugin': plugin, 'text': text, 'secret': expected is not None,
                                         **({'path': f'mock_filename.{extension}'} if extension else {})})
            elif 'should_flag' in argnames:
                payload, flag = argnames.index(argnames[0]), argnames.index('should_flag')
                for row in rows(values_node, names, problems, where):
                    if isinstance(row[payload], str) and isinstance(row[flag], bool):
                        examples.append({'plugin': plugin, 'text': row[payload], 'secret': row[flag]})
            elif 'non_secret' in argnames:
                index = argnames.index('non_secret')
                for row in rows(values_node, names, problems, where):
                    if isinstance(row[index], str):
                        examples.append({'plugin': plugin, 'text': row[index], 'secret': False})
    json.dump({'examples': examples, 'problems': problems}, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
