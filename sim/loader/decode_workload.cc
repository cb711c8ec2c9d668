#include "sim/loader/decode_workload.h"

#include <cstdint>

#include "sim/loader/decode_pod.h"
#include "sim/loader/decode_selector.h"
#include "sim/loader/expand_names.h"

namespace kreach {

bool IsWorkloadKind(const std::string& kind) {
  return kind == "Deployment" || kind == "ReplicaSet" || kind == "ReplicationController" || kind == "StatefulSet" ||
         kind == "DaemonSet" || kind == "Job" || kind == "CronJob";
}

std::string ReplicasPath(const WorkloadSpec& spec) {
  const std::string& kind = spec.workload.ref.kind;
  if (kind == "DaemonSet") return "";
  std::string path = JoinPath(spec.workload.origin.path, "spec");
  if (kind == "CronJob") return path;
  return JoinPath(path, kind == "Job" ? "parallelism" : "replicas");
}

template <typename V>
std::optional<WorkloadSpec> DecodeWorkload(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  WorkloadSpec out;
  out.workload.ns = meta.ns;
  out.workload.ref = OwnerRef{meta.kind, meta.name};
  out.workload.origin = std::move(meta.origin);
  out.owner = DecodeOwner(body["metadata"]);
  JsonField<V> spec = body["spec"];
  if (spec.present() && !spec.IsObject()) return std::nullopt;
  JsonField<V> pod_spec_parent = spec;  // the object holding `template`
  if (meta.kind == "CronJob") pod_spec_parent = spec["jobTemplate"]["spec"];
  JsonField<V> tmpl = pod_spec_parent["template"];
  if (!tmpl.present()) {
    tmpl.Error("is required (the pod template the workload's pods are made from)");
    return std::nullopt;
  }
  if (!tmpl.IsObject()) return std::nullopt;
  JsonField<V> tmpl_meta = tmpl["metadata"];
  if (tmpl_meta.present() && !tmpl_meta.IsObject()) return std::nullopt;  // reported at spec.template.metadata
  out.workload.template_labels = DecodeLabels(tmpl_meta["labels"]);
  out.prototype.ns = meta.ns;
  DecodePodSpec(tmpl["spec"], out.prototype);
  if (meta.kind == "Deployment") out.template_hash = HashSuffix(tmpl.Dump(), 10);  // only Deployments name pods so

  JsonField<V> selector = pod_spec_parent["selector"];
  if (meta.kind == "ReplicationController") {
    // A ReplicationController's selector is a plain label map, defaulting to the template labels.
    if (std::optional<Labels> map = selector.StringMap()) {
      out.workload.selector = LabelSelector{*map, {}};
    }
  } else {
    out.workload.selector = DecodeLabelSelector(selector);
  }
  if (!out.workload.selector) out.workload.selector = LabelSelector{out.workload.template_labels, {}};
  if (selector.present() && !out.workload.selector->Matches(out.workload.template_labels)) {
    selector.ApiRule("selector " + out.workload.selector->ToString() +
                     " does not match the template labels (spec.template.metadata.labels)");
  } else if (selector.present() && out.workload.selector->Empty() && meta.kind != "Job" && meta.kind != "CronJob") {
    selector.ApiRule("empty selector is invalid for a " + meta.kind);
  }

  std::int64_t replicas = 1;
  if (meta.kind == "DaemonSet") {
    replicas = 0;
  } else if (meta.kind == "CronJob") {
    replicas = 1;
  } else if (meta.kind == "Job") {
    replicas = spec["parallelism"].IntOr(1);
    if (std::optional<std::int64_t> completions = spec["completions"].Int()) {
      if (*completions < replicas) replicas = *completions;
    }
  } else {
    replicas = spec["replicas"].IntOr(1);
  }
  if (replicas < 0) {
    body.reporter().Error(ReplicasPath(out), std::to_string(replicas) + " must be greater than or equal to 0");
    replicas = 0;
  }
  if (replicas > INT32_MAX) replicas = INT32_MAX;
  out.workload.replicas = static_cast<int>(replicas);
  out.service_name = spec["serviceName"].StringOr("");
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return out;
}

template std::optional<WorkloadSpec> DecodeWorkload(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<WorkloadSpec> DecodeWorkload(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
