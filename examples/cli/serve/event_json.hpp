// The Event a status endpoint sends (sandbox::Event::to_json), read back by `monitor --attach`.
#pragma once

#include <sandbox/event.hpp>

#include <boost/json/value.hpp>

namespace sandbox_cli::serve {

// Throws std::invalid_argument naming the key that is missing or of the wrong type, or the
// word that is not in the vocabulary. Keys it does not know are ignored (keys are only ever
// added).
sandbox::Event event_from_json(const boost::json::value& json);

}  // namespace sandbox_cli::serve
