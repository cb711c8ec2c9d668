// A pod's status.phase.
#ifndef KREACH_SIM_MODEL_POD_PHASE_H_
#define KREACH_SIM_MODEL_POD_PHASE_H_

#include <optional>
#include <string_view>

namespace kreach {

/// The pod's lifecycle phase. A pod that Succeeded or Failed has ended: it holds no IP and backs no Service.
enum class PodPhase { kPending, kRunning, kSucceeded, kFailed, kUnknown };

/// "Running" → kRunning, exact case as the API requires; anything else is nullopt.
std::optional<PodPhase> ParsePodPhase(std::string_view text);
const char* PodPhaseName(PodPhase p);

/// True for Succeeded and Failed.
inline bool Ended(PodPhase p) { return p == PodPhase::kSucceeded || p == PodPhase::kFailed; }

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_POD_PHASE_H_
