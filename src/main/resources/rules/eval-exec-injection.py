import builtins


def handle(request, source):
    # ruleid: warden.python.eval-exec-injection
    value = eval(request.args["expr"])
    # ruleid: warden.python.eval-exec-injection
    exec(source, {})
    # ruleid: warden.python.eval-exec-injection
    builtins.eval("1 + " + request.args["n"])
    code = compile(source, "<input>", "exec")
    # ruleid: warden.python.eval-exec-injection
    exec(code)

    # ok: warden.python.eval-exec-injection
    eval("1 + 2")
    # ok: warden.python.eval-exec-injection
    exec("import os", {})
    fixed = "x = 1"
    # ok: warden.python.eval-exec-injection
    exec(fixed)
    return value


class Sandbox:
    def eval(self, expr):
        return expr


# ok: warden.python.eval-exec-injection
Sandbox().eval(input())
