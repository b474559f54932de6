"""All conformance programs, in one registry (see harness.py). programs.ts mirrors this list name for name."""
from harness import PROGRAMS  # noqa: F401 - re-exported for gen_fixtures.py

import course_programs  # noqa: F401,E402 - registering is the import's effect
import ops_programs  # noqa: F401,E402
import linalg_shape_programs  # noqa: F401,E402
import autograd_programs  # noqa: F401,E402
import errors_programs  # noqa: F401,E402
import errors_shape_programs  # noqa: F401,E402
import values_programs  # noqa: F401,E402
import edge_programs  # noqa: F401,E402
import indexing_programs  # noqa: F401,E402
import nn_programs  # noqa: F401,E402
import inplace_programs  # noqa: F401,E402
import more_programs  # noqa: F401,E402
import functional_programs  # noqa: F401,E402
import hooks_programs  # noqa: F401,E402
import int64_programs  # noqa: F401,E402
import views_programs  # noqa: F401,E402
import rounding_programs  # noqa: F401,E402
