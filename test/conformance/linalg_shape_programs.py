"""Products, norms, softmax and shape ops of the snippet API: forward values, grads, grad_fn names."""
import torch
from harness import program, gfn, nexts

A23 = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]]
B23 = [[2.0, 0.5, -1.0], [3.0, -0.25, 2.0]]


@program
def op_dot(out, err):
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([4.0, -5.0, 6.0], requires_grad=True)
    y = torch.dot(a, b)
    out("y", y)
    out("name", gfn(y))
    y.backward()
    out("grads", [a.grad, b.grad])


@program
def op_mm(out, err):
    a = torch.tensor(A23, requires_grad=True)
    b = torch.tensor([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]], requires_grad=True)
    y = torch.mm(a, b)
    out("y", y)
    out("name", gfn(y))
    out("next", nexts(y))
    y.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    out("grads", [a.grad, b.grad])


@program
def op_matmul_mm(out, err):
    a = torch.tensor(A23, requires_grad=True)
    b = torch.tensor(B23, requires_grad=True)
    y = a.matmul(b.t())
    out("y", y)
    out("name", gfn(y))
    out("next", nexts(y))
    y.sum().backward()
    out("grads", [a.grad, b.grad])


@program
def op_matmul_mv(out, err):
    a = torch.tensor(A23, requires_grad=True)
    v = torch.tensor([1.0, -1.0, 2.0], requires_grad=True)
    y = torch.matmul(a, v)
    out("y", y)
    out("name", gfn(y))
    y.sum().backward()
    out("grads", [a.grad, v.grad])


@program
def op_matmul_vv(out, err):
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = a.matmul(a)
    out("y", y)
    out("name", gfn(y))
    y.backward()
    out("a_grad", a.grad)


@program
def op_matmul_vm(out, err):
    v = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor(B23, requires_grad=True)
    y = v.matmul(b)
    out("y", y)
    out("names", [gfn(y), nexts(y)])
    y.sum().backward()
    out("grads", [v.grad, b.grad])


@program
def op_norm(out, err):
    x = torch.tensor(A23, requires_grad=True)
    n2 = x.norm()
    n1 = x.norm(1)
    nd = x.norm(2, 1)
    nk = torch.norm(x, 2, 0, True)
    out("values", [n2, n1, nd, nk])
    out("names", [gfn(n2), gfn(n1), gfn(nd), gfn(nk)])
    n2.backward()
    out("grad_n2", x.grad)
    x.grad.zero_()
    n1.backward()
    out("grad_n1", x.grad)
    x.grad.zero_()
    nd.sum().backward()
    out("grad_nd", x.grad)


@program
def op_softmax(out, err):
    x = torch.tensor(A23, requires_grad=True)
    s = x.softmax(1)
    out("s", s)
    out("name", gfn(s))
    s.backward(torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, -1.0]]))
    out("x_grad", x.grad)
    s0 = torch.softmax(x, 0)
    out("s0", s0)


@program
def op_log_softmax(out, err):
    x = torch.tensor(A23, requires_grad=True)
    s = x.log_softmax(-1)
    out("s", s)
    out("name", gfn(s))
    s.backward(torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, -1.0]]))
    out("x_grad", x.grad)


@program
def op_softmax_stable(out, err):
    x = torch.tensor([1000.0, 1001.0, 999.0], requires_grad=True)
    s = x.softmax(0)
    ls = torch.log_softmax(x, 0)
    out("s", s)
    out("ls", ls)
    ls.sum().backward()
    out("x_grad", x.grad)


@program
def op_reshape_view(out, err):
    x = torch.tensor(A23, requires_grad=True)
    r = x.reshape(3, 2)
    v = x.view(6)
    r2 = x.reshape([-1])
    v2 = x.view(-1, 2)
    out("values", [r, v, r2, v2])
    out("names", [gfn(r), gfn(v), gfn(r2), gfn(v2)])
    (r.sum(0).mul(torch.tensor([1.0, 2.0])).sum() + v.mul(v).sum()).backward()
    out("x_grad", x.grad)


@program
def op_transpose(out, err):
    x = torch.tensor(A23, requires_grad=True)
    t = x.t()
    tr = x.transpose(0, 1)
    tn = torch.transpose(x, -1, -2)
    out("values", [t, tr, tn])
    out("names", [gfn(t), gfn(tr)])
    t.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    out("x_grad", x.grad)


@program
def op_unsqueeze_squeeze(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    u0 = x.unsqueeze(0)
    u1 = x.unsqueeze(1)
    s = u0.squeeze()
    s0 = u0.squeeze(0)
    sn = u1.squeeze(0)
    out("shapes", [u0.shape, u1.shape, s.shape, s0.shape, sn.shape])
    out("names", [gfn(u0), gfn(s), gfn(s0), gfn(sn)])
    (u1.mul(torch.tensor([[1.0], [2.0], [3.0]])).sum() + s.sum()).backward()
    out("x_grad", x.grad)


@program
def op_expand(out, err):
    x = torch.tensor([[1.0], [2.0]], requires_grad=True)
    e = x.expand(2, 3)
    e2 = x.expand(-1, 4)
    out("values", [e, e2])
    out("name", gfn(e))
    e.backward(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    out("x_grad", x.grad)


@program
def op_clone(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    out("c", c)
    out("flags", [gfn(c), c.is_leaf, c.requires_grad])
    c.mul(c).sum().backward()
    out("x_grad", x.grad)


@program
def op_inplace_ops(out, err):
    x = torch.tensor([1.0, 2.0, 3.0])
    x.add_(1)
    out("add", x.clone())
    x.sub_(torch.tensor([0.5, 0.5, 0.5]))
    out("sub", x.clone())
    x.mul_(2)
    out("mul", x.clone())
    r = x.zero_()
    out("zero", x)
    out("returns_self", r is x)


@program
def op_inplace_nonleaf_graph(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.add(1)
    y.mul_(2)
    out("y", y)
    out("name", gfn(y))
    y.sum().backward()
    out("x_grad", x.grad)
