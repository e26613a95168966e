import builtins


def handle(request, source):
    # ruleid: warden.python.code.eval-exec
    value = eval(request.args["expr"])
    # ruleid: warden.python.code.eval-exec
    exec(source, {})
    # ruleid: warden.python.code.eval-exec
    builtins.eval("1 + " + request.args["n"])
    code = compile(source, "<input>", "exec")
    # ruleid: warden.python.code.eval-exec
    exec(code)

    # ok: warden.python.code.eval-exec
    eval("1 + 2")
    # ok: warden.python.code.eval-exec
    eval("1 + 2").bit_length()
    # ok: warden.python.code.eval-exec
    exec("import os", {})
    fixed = "x = 1"
    # ok: warden.python.code.eval-exec
    exec(fixed)
    return value


class Sandbox:
    def eval(self, expr):
        return expr


# ok: warden.python.code.eval-exec
Sandbox().eval(input())


def withdraw(user, account, amount):
    # ruleid: warden.python.code.assert-used-as-check
    assert user.can_withdraw(account)
    # ruleid: warden.python.code.assert-used-as-check
    assert amount > 0, "amount must be positive"
    # ok: warden.python.code.assert-used-as-check
    assert False, "unreachable"
    if __debug__:
        # ok: warden.python.code.assert-used-as-check
        assert account.balance >= 0
    # ok: warden.python.code.assert-used-as-check
    self_check = "assert amount > 0"
    return self_check
