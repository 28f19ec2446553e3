// Which process becomes the box's first one (BoxPlan::FirstProcess): box-init or a copy of
// the supervisor, whichever costs less for the supervisor's size.
#pragma once

#include "box_plan.hpp"

namespace sandbox::linux_box {

// box-init's memfd when the box's first process should be box-init; -1 for a copy.
int first_process_image(const BoxPlan& plan);

}  // namespace sandbox::linux_box
