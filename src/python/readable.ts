/** The readable (paste) translation's vocabulary: operators and builtins in the snippet API's own spelling. */
import type { PyType } from "./types.js";

const ARITH: Record<string, string> = { "+": "add", "-": "sub", "*": "mul", "/": "div", "//": "floor_divide", "%": "remainder", "**": "pow", "@": "matmul" };
const INPLACE: Record<string, string> = { "+": "add_", "-": "sub_", "*": "mul_", "/": "div_", "//": "floor_divide_", "%": "remainder_" };

/** `len(x)` → `x.size(0)` for a tensor; `abs(2)` → `Math.abs(2)`; null: keep the call as written. */
function builtin(name: string, arg: PyType): string | null {
  const tensor = arg === "tensor";
  switch (name) {
    case "len":
      return tensor ? ".size(0)" : ".length";
    case "abs":
      return tensor ? ".abs()" : "Math.abs";
    case "float":
      return tensor ? ".item()" : "Number";
    case "int":
      return tensor ? ".item()" : "Math.trunc";
    case "str":
      return "String";
    case "sum":
      return tensor ? ".sum()" : null;
    default:
      return null;
  }
}

export const READABLE = { arith: ARITH, inplace: INPLACE, builtin };
