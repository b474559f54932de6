/** torch.nn and torch.optim (issue 9 §2b): the twin of nn_programs.py. Weights are loaded with copy_ under no_grad. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const nn = torch.nn;
const F = torch.nn.functional;
type T = torch.Tensor;

const W1 = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [0.05, -0.15, 0.25]];
const B1 = [0.01, -0.02, 0.03, -0.04];
const W2 = [[0.2, -0.3, 0.1, 0.4], [-0.5, 0.6, -0.2, 0.3]];
const B2 = [0.05, -0.05];
const X = [[1.0, 2.0, -1.0], [0.5, -0.5, 2.0], [-1.5, 1.0, 0.0], [2.0, 0.0, 1.0], [0.0, -1.0, -2.0]];

function load(l: torch.nn.Linear, w: number[][], b: number[]): void {
  torch.no_grad(() => {
    l.weight.copy_(torch.tensor(w));
    l.bias!.copy_(torch.tensor(b));
  });
}

class Net extends nn.Module {
  fc1 = new nn.Linear(3, 4);
  act = new nn.ReLU();
  fc2 = new nn.Linear(4, 2);
  override forward(x: T): T { return this.fc2(this.act(this.fc1(x))); }
}

function net(): Net {
  const n = new Net();
  load(n.fc1, W1, B1);
  load(n.fc2, W2, B2);
  return n;
}

program("nn_module_mlp", (out) => {
  const model = net();
  out("repr", String(model));
  out("names", model.named_parameters().map(([n]) => n));
  out("shapes", model.parameters().map((p) => p.size()));
  out("flags", model.parameters().map((p) => [p.requires_grad, p.is_leaf]));
  const y = model(torch.tensor(X));
  out("y", y);
  out("y_next", nexts(y));
  const loss = F.cross_entropy(y, torch.tensor([0, 1, 1, 0, 1]));
  out("loss", [loss, nexts(loss)]);
  loss.backward();
  out("grads", model.parameters().map((p) => p.grad));
  const y1 = model.fc1(torch.tensor([1.0, 2.0, 3.0]));
  out("single", [y1, gfn(y1), nexts(y1)]);
  const nob = new nn.Linear(3, 2, { bias: false });
  out("no_bias", [String(nob), nob.named_parameters().map(([n]) => n), gfn(nob(torch.tensor(X)))]);
});

program("nn_losses", (out) => {
  const x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], { requires_grad: true });
  const t = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]);
  const cls = torch.tensor([2, 0]);
  const ls = [
    F.mse_loss(x, t), F.mse_loss(x, t, { reduction: "sum" }), F.mse_loss(x, t, { reduction: "none" }),
    F.cross_entropy(x, cls), F.cross_entropy(x, cls, { reduction: "sum" }), F.cross_entropy(x, cls, { reduction: "none" }),
    F.cross_entropy(x.at(0), torch.tensor(1)), F.nll_loss(F.log_softmax(x, 1), cls),
    F.binary_cross_entropy_with_logits(x, t), F.binary_cross_entropy_with_logits(x, t, { reduction: "none" }),
    new nn.MSELoss()(x, t), new nn.CrossEntropyLoss()(x, cls), new nn.BCEWithLogitsLoss({ reduction: "sum" })(x, t),
  ];
  out("values", ls);
  out("names", ls.map(gfn));
  ls.reduce((a: T, l, i) => a.add(l.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
  const act = [F.relu(x), F.softmax(x, 1), F.log_softmax(x, 0), new nn.ReLU()(x), new nn.Tanh()(x), new nn.Sigmoid()(x)];
  out("activations", [act, act.map(gfn)]);
});

program("nn_sgd_training", (out) => {
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
  load(model.children()[0] as torch.nn.Linear, W1, B1);
  load(model.children()[2] as torch.nn.Linear, W2, B2);
  out("repr", String(model));
  out("names", model.named_parameters().map(([n]) => n));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weight_decay: 0.01 });
  const lossFn = new nn.MSELoss();
  const x = torch.tensor(X);
  const target = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]]);
  const losses: T[] = [];
  for (let i = 0; i < 5; i++) {
    opt.zero_grad();
    const loss = lossFn(model(x), target);
    loss.backward();
    opt.step();
    losses.push(loss);
  }
  out("losses", losses);
  out("params", model.parameters());
  out("grads", model.parameters().map((p) => p.grad));
  out("versions", model.parameters().map((p) => p._version));
});

program("nn_adam_training", (out) => {
  const model = net();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 0.05 });
  const x = torch.tensor(X);
  const cls = torch.tensor([0, 1, 1, 0, 1]);
  const losses: T[] = [];
  for (let i = 0; i < 5; i++) {
    opt.zero_grad();
    const loss = F.cross_entropy(model(x), cls);
    loss.backward();
    opt.step();
    losses.push(loss);
  }
  out("losses", losses);
  out("params", model.parameters());
  const opt2 = new torch.optim.Adam(model.parameters(), { lr: 0.01, betas: [0.8, 0.99], weight_decay: 0.1 });
  opt2.zero_grad();
  F.cross_entropy(model(x), cls).backward();
  opt2.step();
  out("after_wd", model.parameters());
});

program("nn_zero_grad", (out) => {
  const model = net();
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.5 });
  out("before", model.parameters().map((p) => p.grad));
  F.cross_entropy(model(torch.tensor(X)), torch.tensor([0, 1, 1, 0, 1])).backward();
  opt.zero_grad();
  out("optimizer_zero_grad", model.parameters().map((p) => p.grad));
  F.cross_entropy(model(torch.tensor(X)), torch.tensor([1, 1, 1, 0, 0])).backward();
  out("accumulated", model.parameters().map((p) => p.grad));
  model.zero_grad();
  out("module_zero_grad", model.parameters().map((p) => p.grad));
  opt.zero_grad(true);
  out("set_to_none", model.parameters().map((p) => p.grad));
  out("training", [model.training, model.eval().training, model.fc1.training, model.train().training]);
});
