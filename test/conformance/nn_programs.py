"""torch.nn and torch.optim (issue 9 §2b): the twin of nn_programs.ts. Weights are loaded with copy_ under no_grad."""
import torch
from torch import nn
import torch.nn.functional as F
from harness import program, gfn, nexts

W1 = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [0.05, -0.15, 0.25]]
B1 = [0.01, -0.02, 0.03, -0.04]
W2 = [[0.2, -0.3, 0.1, 0.4], [-0.5, 0.6, -0.2, 0.3]]
B2 = [0.05, -0.05]
X = [[1.0, 2.0, -1.0], [0.5, -0.5, 2.0], [-1.5, 1.0, 0.0], [2.0, 0.0, 1.0], [0.0, -1.0, -2.0]]


def load(l, w, b):
    with torch.no_grad():
        l.weight.copy_(torch.tensor(w))
        l.bias.copy_(torch.tensor(b))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def net():
    n = Net()
    load(n.fc1, W1, B1)
    load(n.fc2, W2, B2)
    return n


@program
def nn_module_mlp(out, err):
    model = net()
    out("repr", str(model))
    out("names", [n for n, _ in model.named_parameters()])
    out("shapes", [p.size() for p in model.parameters()])
    out("flags", [[p.requires_grad, p.is_leaf] for p in model.parameters()])
    y = model(torch.tensor(X))
    out("y", y)
    out("y_next", nexts(y))
    loss = F.cross_entropy(y, torch.tensor([0, 1, 1, 0, 1]))
    out("loss", [loss, nexts(loss)])
    loss.backward()
    out("grads", [p.grad for p in model.parameters()])
    y1 = model.fc1(torch.tensor([1.0, 2.0, 3.0]))
    out("single", [y1, gfn(y1), nexts(y1)])
    nob = nn.Linear(3, 2, bias=False)
    out("no_bias", [str(nob), [n for n, _ in nob.named_parameters()], gfn(nob(torch.tensor(X)))])


@program
def nn_losses(out, err):
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)
    t = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    cls = torch.tensor([2, 0])
    ls = [
        F.mse_loss(x, t), F.mse_loss(x, t, reduction="sum"), F.mse_loss(x, t, reduction="none"),
        F.cross_entropy(x, cls), F.cross_entropy(x, cls, reduction="sum"), F.cross_entropy(x, cls, reduction="none"),
        F.cross_entropy(x[0], torch.tensor(1)), F.nll_loss(F.log_softmax(x, 1), cls),
        F.binary_cross_entropy_with_logits(x, t), F.binary_cross_entropy_with_logits(x, t, reduction="none"),
        nn.MSELoss()(x, t), nn.CrossEntropyLoss()(x, cls), nn.BCEWithLogitsLoss(reduction="sum")(x, t),
    ]
    out("values", ls)
    out("names", [gfn(l) for l in ls])
    acc = torch.tensor(0.0)
    for i, l in enumerate(ls):
        acc = acc + l.sum() * (i + 1)
    acc.backward()
    out("x_grad", x.grad)
    act = [F.relu(x), F.softmax(x, 1), F.log_softmax(x, 0), nn.ReLU()(x), nn.Tanh()(x), nn.Sigmoid()(x)]
    out("activations", [act, [gfn(a) for a in act]])


@program
def nn_sgd_training(out, err):
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    load(model[0], W1, B1)
    load(model[2], W2, B2)
    out("repr", str(model))
    out("names", [n for n, _ in model.named_parameters()])
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
    loss_fn = nn.MSELoss()
    x = torch.tensor(X)
    target = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]])
    losses = []
    for i in range(5):
        opt.zero_grad()
        loss = loss_fn(model(x), target)
        loss.backward()
        opt.step()
        losses.append(loss)
    out("losses", losses)
    out("params", list(model.parameters()))
    out("grads", [p.grad for p in model.parameters()])
    out("versions", [p._version for p in model.parameters()])


@program
def nn_adam_training(out, err):
    model = net()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    x = torch.tensor(X)
    cls = torch.tensor([0, 1, 1, 0, 1])
    losses = []
    for i in range(5):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), cls)
        loss.backward()
        opt.step()
        losses.append(loss)
    out("losses", losses)
    out("params", list(model.parameters()))
    opt2 = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)
    opt2.zero_grad()
    F.cross_entropy(model(x), cls).backward()
    opt2.step()
    out("after_wd", list(model.parameters()))


@program
def nn_zero_grad(out, err):
    model = net()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    out("before", [p.grad for p in model.parameters()])
    F.cross_entropy(model(torch.tensor(X)), torch.tensor([0, 1, 1, 0, 1])).backward()
    opt.zero_grad()
    out("optimizer_zero_grad", [p.grad for p in model.parameters()])
    F.cross_entropy(model(torch.tensor(X)), torch.tensor([1, 1, 1, 0, 0])).backward()
    out("accumulated", [p.grad for p in model.parameters()])
    model.zero_grad()
    out("module_zero_grad", [p.grad for p in model.parameters()])
    opt.zero_grad(True)
    out("set_to_none", [p.grad for p in model.parameters()])
    out("training", [model.training, model.eval().training, model.fc1.training, model.train().training])
