x = 1
#---
a = b = c, d = 1, 2
#---
x += 1; y -= 2; z @= m; w **= 2; v //= 3; u >>= 1; t <<= 1; s |= 1; r &= 1; q ^= 1; p %= 1; o /= 2; n *= 2
#---
x: int
y: list[int] = []
(z): int = 1
a.b: str
a[0]: int = 2
#---
del a, b[0], c.d, (e, f), [g]
#---
import os
import os.path as p, sys
from . import x
from ..a.b import (c as d, e,)
from ... import f
from .... import g
from x import *
#---
def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:
    return a
#---
def g(*, a): pass
def h(a, /): pass
def i(*args: *Ts): pass
def j(a: int = 1, *, b: str = "x"): ...
#---
@decorator
@decorator.attr(arg)
@(lambda f: f)
def f(): pass
#---
async def f():
    await x
    async for a in b: pass
    async with c as d, e: pass
    return [i async for i in aiter() if await i]
#---
class A(B, C, metaclass=M, **kw):
    """doc"""
    x = 1
    def m(self): pass
#---
class E: pass
class F(): pass
#---
def f[T, *Ts, **P](x: T) -> T: pass
class C[T: int = str, U = bool]: pass
type Alias = int
type Pair[T] = tuple[T, T]
#---
if a:
    pass
elif b:
    pass
elif c: pass
else:
    pass
#---
while x:
    break
else:
    continue
#---
for i, (j, k) in enumerate(x): pass
else: pass
for x, in y: pass
for *a, b in c: pass
#---
with open(f) as g, h: pass
with (open(f) as g, h as i,): pass
with (a, b): pass
with (a): pass
with (yield): pass
#---
try:
    pass
except ValueError as e:
    pass
except (A, B):
    pass
except:
    pass
else:
    pass
finally:
    pass
#---
try:
    pass
except* ValueError:
    pass
except* (A, B) as e:
    pass
#---
try: pass
finally: pass
#---
raise
raise E
raise E from cause
assert x
assert x, "msg"
global a, b
nonlocal c
pass
#---
match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0):
        pass
    case {"x": x, "y": y, **rest}:
        pass
    case [Point(x=0, y=0), *others] if others:
        pass
    case 1 | 2 | -3 | 1.5 | 2 + 3j | -1 - 2j:
        pass
    case None | True | False:
        pass
    case "a" "b" | b"c":
        pass
    case Color.RED | a.b.c:
        pass
    case (x, y) as pair:
        pass
    case (x):
        pass
    case [*_]:
        pass
    case ():
        pass
    case C(1, 2, a=3):
        pass
    case {1: _, None: x, a.b: y}:
        pass
    case _:
        pass
#---
match x, y:
    case a, b: pass
    case *a, b: pass
#---
match = 1
match.x = 2
match(x)
case = 3
type = 4
type.x = 5
_ = 6
#---
a if b else c
lambda: 0
lambda x, y=1, *z, w, **v: x
lambda *, k: k
(x := 5)
f(y := 1)
[z := 2, 3]
#---
a or b or c and d and not e
a < b <= c == d != e > f >= g in h not in i is j is not k
a | b ^ c & d << e >> f + g - h * i / j // k % l @ m
-a + +b - ~c ** -d
a ** b ** c
await_ = 1
#---
x[1]
x[1:2]
x[::3]
x[:]
x[1:2, ::3, ...]
x[a, b]
x[*a]
x[*a, b]
x[a:=1]
x[()]
#---
f()
f(a, *b, c=1, **d)
f(x for x in y)
f(*a, *b, **c, **d)
f(a)(b)[c].d
f(a=1, *b)
#---
[1, 2, *a]
(1,)
()
(1, 2)
{1, 2, *a}
{}
{1: 2, **a, 3: 4}
{**a}
[x for x in y if x if z for w in x]
{x for x in y}
{k: v for k, v in y}
(x for x in y)
[*a, *b]
#---
"abc" 'def'
b"bytes" rb'raw\n'
u"unicode"
r"raw\n" "\n\t\\\x41\101\u00e9\U0001F600\N{BULLET}"
"""triple
quoted""" '''also'''
"\
continued"
"unknown \d escape"
#---
f"plain"
f"{x}"
f"{x!r} {y!s:>10} {z!a}"
f"{x=}"
f"{x = !r:^20}"
f"{x:{width}.{precision}}"
f"{'nested' + f'{inner}'}"
f"{x}" "y" f"{z}"
"a" f"b" "c"
f"{{literal}} {x}"
rf"raw\n{x}"
f"""multi
{x}
line"""
f"{x:}"
f""
f"{a['b']}"
f'{"quotes"}'
f"{x!r:{y}}"
#---
0
123_456
0x_ff
0o777
0b1010
1.5
1e10
1.5e-3
.5
5.
1_000.000_1
1j
2.5J
1e100j
99999999999999999999999
1e400
0.1
1e16
1e-5
123456789012345678901234567890.0
#---
...
None
True
False
#---
x = yield
x = yield a, b
x = yield from y
def g():
    yield
    await z
    return (yield)
#---
print(*a, sep="")
a.b.c.d
a[b][c](d)
(a).b
(a)(b)
(a + b) * c
not (a)
#---
x = (
    1 +
    2
)
y = [1,
     2,
]
#---
if True:
	x = 1
	if x:
		y = 2
#---
def f():
    pass


# comment

x = 1  # trailing comment
#---
s = 'é' + "日本語"
x = 'é'; y = x
#---
class A:
    @property
    def x(self): return self._x
    @x.setter
    def x(self, v): self._x = v
#---
a, *b = c
[a, b] = c
(a, b), c = d
a.b, c[d] = e
x = *a, *b
#---
for x in *a, *b: pass
return_ = [*range(3)]
#---
x = 1 if y else 2 if z else 3
x = [i for i in range(3) if i if i > 0]
x = lambda: (yield)
#---
import a.b.c
from .a import b as c, d
from __future__ import annotations
