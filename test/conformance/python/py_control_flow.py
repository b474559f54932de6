# if/elif/else, while, for over range and lists, break, continue, nested functions.
import torch
total = 0
for i in range(10):
    if i % 2 == 0:
        continue
    if i > 7:
        break
    total += i
print(total)
n = 0
while n < 5:
    n += 1
else_value = None
for word in ["a", "bb", "ccc"]:
    if len(word) == 1:
        print("one", word)
    elif len(word) == 2:
        print("two", word)
    else:
        print("many", word)
for k in range(10, 0, -3):
    print(k, end=" ")
print()
for i, v in enumerate([10, 20]):
    print(i, v)
for a, b in zip([1, 2, 3], "xyz"):
    print(a, b)
print(n, list(range(3)), list(range(1, 10, 4)))
