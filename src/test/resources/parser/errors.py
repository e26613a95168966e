x = (1,
#---
f() = 1
#---
1 = x
#---
del f()
#---
for f() in x: pass
#---
x = 
#---
if x
    pass
#---
if x:
pass
#---
def f():
x = 1
#---
  x = 1
#---
if x:
    a = 1
  b = 2
#---
a b
#---
f(**a, *b)
#---
f(a=1, b)
#---
f(x for x in y, 1)
#---
def f(a=1, b): pass
#---
def f(*): pass
#---
x = "unterminated
#---
x = """unterminated
#---
x = $
#---
a, b: int
#---
(a, b) += 1
#---
x := 1
#---
try:
    pass
#---
try:
    pass
except* :
    pass
#---
class A
    pass
#---
x = f"{}"
#---
x = f"{x!z}"
#---
print "hello"
#---
)
#---
x = [1, 2
y = 3
#---
x = 0777
#---
x = 1__0
#---
x = b"é"
#---
def f(**k, a): pass
#---
import
#---
from x import a,
#---
x = 1 +
#---
lambda x=1, y: x
#---
else: pass
#---
x = {**a for a in b}
#---
except ValueError: pass
