#include "sim/loader/api_fields.h"

#include <string>
#include <vector>

#include "sim/model/suggest.h"

namespace kreach {

namespace {

const ApiTable& Table() {
  static const ApiTable table = BuiltinApiTable();
  return table;
}

/// Versions of the decoded kinds that Kubernetes has removed, with what replaced them (the Kubernetes deprecated
/// API migration guide, kubernetes.io/docs/reference/using-api/deprecation-guide/).
struct RemovedVersion {
  const char* api_version;
  const char* kind;
  const char* replacement;
};
constexpr RemovedVersion kRemoved[] = {
    {"extensions/v1beta1", "Ingress", "networking.k8s.io/v1 (extensions/v1beta1 was removed in Kubernetes 1.22)"},
    {"networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22)"},
    {"networking.k8s.io/v1beta1", "IngressClass", "networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22)"},
    {"extensions/v1beta1", "NetworkPolicy",
     "networking.k8s.io/v1 (extensions/v1beta1 was removed in Kubernetes 1.16)"},
    {"extensions/v1beta1", "Deployment", "apps/v1 (extensions/v1beta1 was removed in Kubernetes 1.16)"},
    {"extensions/v1beta1", "DaemonSet", "apps/v1 (extensions/v1beta1 was removed in Kubernetes 1.16)"},
    {"extensions/v1beta1", "ReplicaSet", "apps/v1 (extensions/v1beta1 was removed in Kubernetes 1.16)"},
    {"apps/v1beta1", "Deployment", "apps/v1 (apps/v1beta1 was removed in Kubernetes 1.16)"},
    {"apps/v1beta1", "StatefulSet", "apps/v1 (apps/v1beta1 was removed in Kubernetes 1.16)"},
    {"apps/v1beta2", "Deployment", "apps/v1 (apps/v1beta2 was removed in Kubernetes 1.16)"},
    {"apps/v1beta2", "StatefulSet", "apps/v1 (apps/v1beta2 was removed in Kubernetes 1.16)"},
    {"apps/v1beta2", "DaemonSet", "apps/v1 (apps/v1beta2 was removed in Kubernetes 1.16)"},
    {"apps/v1beta2", "ReplicaSet", "apps/v1 (apps/v1beta2 was removed in Kubernetes 1.16)"},
    {"batch/v1beta1", "CronJob", "batch/v1 (batch/v1beta1 was removed in Kubernetes 1.25)"},
    {"batch/v2alpha1", "CronJob", "batch/v1 (batch/v2alpha1 was removed in Kubernetes 1.21)"},
    {"discovery.k8s.io/v1beta1", "EndpointSlice", "discovery.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.25)"},
};

/// The field `name` of object type `type`; nullptr when the type does not define it.
const ApiField* FindField(const ApiType& type, std::string_view name) {
  const ApiField* begin = Table().fields + type.first_field;
  const ApiField* end = begin + type.field_count;
  while (begin < end) {  // binary search: fields are sorted by name
    const ApiField* mid = begin + (end - begin) / 2;
    int order = name.compare(mid->name);
    if (order == 0) return mid;
    if (order < 0) {
      end = mid;
    } else {
      begin = mid + 1;
    }
  }
  return nullptr;
}

/// One step from the document to the value being checked, for messages.
struct Step {
  std::string_view key;  ///< empty for a list index
  std::size_t index = 0;
};

template <typename V>
class FieldChecker {
 public:
  FieldChecker(ObjectReporter& reporter, std::string_view root, bool warn)
      : reporter_(reporter), root_(root), warn_(warn) {}

  void Check(V value, std::uint16_t type_index) {
    const ApiType& type = Table().types[type_index];
    switch (type.kind) {
      case ApiType::Kind::kScalar:
      case ApiType::Kind::kAny: return;
      case ApiType::Kind::kList: {
        if (value.type() != JsonType::kArray) return;  // a wrong type is the decoder's to report
        if (Table().types[type.element].kind <= ApiType::Kind::kAny) return;
        std::size_t i = 0;
        value.ForEachItem([&](V item) {
          path_.push_back(Step{std::string_view(), i++});
          Check(item, type.element);
          path_.pop_back();
        });
        return;
      }
      case ApiType::Kind::kMap: {
        if (value.type() != JsonType::kObject) return;
        if (Table().types[type.element].kind <= ApiType::Kind::kAny) return;
        value.ForEachMember([&](std::string_view key, V member) {
          path_.push_back(Step{key, 0});
          Check(member, type.element);
          path_.pop_back();
        });
        return;
      }
      case ApiType::Kind::kObject: {
        if (value.type() != JsonType::kObject) return;
        bool root = path_.empty();
        value.ForEachMember([&](std::string_view key, V member) {
          const ApiField* field = FindField(type, key);
          // `status` is the cluster's to write: a kind that has none today had one in another version
          // (NetworkPolicy in Kubernetes 1.24 to 1.26), and what is in it comes from the dump's cluster version.
          bool status = root && key == "status";
          if (status && field == nullptr) return;
          path_.push_back(Step{key, 0});
          if (status) in_status_ = true;
          if (field == nullptr) {
            Report(type, key);
          } else {
            Check(member, field->type);
          }
          if (status) in_status_ = false;
          path_.pop_back();
        });
        return;
      }
    }
  }

  int reported() const { return reported_; }

 private:
  void Report(const ApiType& type, std::string_view key) {
    ++reported_;
    std::string path(root_);
    for (const Step& step : path_) {
      if (step.key.data() == nullptr) {
        path += "[" + std::to_string(step.index) + "]";
      } else {
        path = JoinPath(path, step.key);
      }
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < type.field_count; ++i) names.emplace_back(Table().fields[type.first_field + i].name);
    std::string hint = SuggestClosest(key, names);
    std::string message = "unknown field \"" + std::string(key) + "\"";
    if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
    if (in_status_) {
      reporter_.Warning(path, message + ": ignored (status is written by the cluster; a field of another "
                                        "Kubernetes version?)");
    } else if (warn_) {
      reporter_.Warning(path, message + ": ignored, so the object is read as if it were not there");
    } else {
      reporter_.Error(path, message + ": the API server rejects it too (strict field validation; "
                                      "--unknown-fields=warn reads the object without it)");
    }
  }

  ObjectReporter& reporter_;
  std::string_view root_;
  bool warn_;
  std::vector<Step> path_;
  bool in_status_ = false;  ///< checking the object's `status`: unknown fields are warnings
  int reported_ = 0;
};

}  // namespace

const ApiKind* FindApiKind(std::string_view api_version, std::string_view kind) {
  const ApiTable& table = Table();
  for (std::size_t i = 0; i < table.kind_count; ++i) {
    if (kind == table.kinds[i].kind && api_version == table.kinds[i].api_version) return &table.kinds[i];
  }
  return nullptr;
}

const char* DecodedApiVersion(std::string_view kind) {
  const ApiTable& table = Table();
  for (std::size_t i = 0; i < table.kind_count; ++i) {
    if (kind == table.kinds[i].kind) return table.kinds[i].api_version;
  }
  return nullptr;
}

const char* ReplacementOf(std::string_view api_version, std::string_view kind) {
  for (const RemovedVersion& removed : kRemoved) {
    if (api_version == removed.api_version && kind == removed.kind) return removed.replacement;
  }
  return nullptr;
}

template <typename V>
int CheckApiFields(const JsonField<V>& body, const ApiKind& kind, bool warn) {
  FieldChecker<V> checker(body.reporter(), body.path(), warn);
  checker.Check(body.value(), kind.type);
  return checker.reported();
}

template int CheckApiFields(const JsonField<NlohmannValue>&, const ApiKind&, bool);
template int CheckApiFields(const JsonField<SimdValue>&, const ApiKind&, bool);

}  // namespace kreach
