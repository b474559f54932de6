/** All conformance programs in one registry (see harness.ts); programs.py mirrors this list name for name. */
import "./course_programs.js";
import "./ops_programs.js";
import "./linalg_shape_programs.js";
import "./autograd_programs.js";
import "./errors_programs.js";
import "./errors_shape_programs.js";
import "./values_programs.js";
import "./edge_programs.js";
import "./indexing_programs.js";
import "./nn_programs.js";
import "./inplace_programs.js";
import "./more_programs.js";
import "./functional_programs.js";
import "./hooks_programs.js";
import "./int64_programs.js";
import "./views_programs.js";
import "./rounding_programs.js";

export { PROGRAMS } from "./harness.js";
