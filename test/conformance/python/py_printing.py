# print and repr of Python values: None, booleans, tuples, lists, strings, nested containers, tensors inside.
import torch
t = torch.tensor([1.5, -2.0])
print(None, True, False)
print((1, 2), (1,), (), [1, 2.5, "a"], [[1, 2], (3, 4)])
print("text", 'single', "it's", repr("a'b\"c"), repr("tab\t"))
print([t, t * 2])
print((t.sum(), None))
print(1, 2, 3, sep=", ")
print("no newline", end="")
print(str(3.0), str(None), repr(2), repr([]))
t
(t, 1.0)
"shown"
None
