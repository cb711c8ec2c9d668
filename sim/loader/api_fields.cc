#include "sim/loader/api_fields.h"

#include <string>
#include <utility>
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
    {"extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1 (extensions/v1beta1 was removed in Kubernetes 1.16)"},
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

/// For each object type, its fields by the hash of their name: open addressing, a power-of-two number of slots
/// (at least twice the fields), each the field's index + 1 or 0 for an empty slot. Built once, on first use.
class FieldIndex {
 public:
  FieldIndex() {
    const ApiTable& table = Table();
    first_slot_.resize(table.type_count + 1);
    for (std::size_t t = 0; t < table.type_count; ++t) {
      const ApiType& type = table.types[t];
      std::size_t size = 0;
      if (type.kind == ApiType::Kind::kObject) {
        size = 4;
        while (size < 2u * type.field_count) size *= 2;
      }
      first_slot_[t] = static_cast<std::uint32_t>(slots_.size());
      slots_.resize(slots_.size() + size, 0);
      for (std::size_t f = 0; f < type.field_count; ++f) {
        std::size_t mask = size - 1;
        std::size_t at = Hash(table.fields[type.first_field + f].name) & mask;
        while (slots_[first_slot_[t] + at] != 0) at = (at + 1) & mask;
        slots_[first_slot_[t] + at] = static_cast<std::uint16_t>(f + 1);
      }
    }
    first_slot_[table.type_count] = static_cast<std::uint32_t>(slots_.size());
  }

  /// The field `name` of object type `type_index`; nullptr when the type does not define it.
  const ApiField* Find(std::uint16_t type_index, std::string_view name) const {
    const ApiType& type = Table().types[type_index];
    std::uint32_t first = first_slot_[type_index];
    std::size_t mask = first_slot_[type_index + 1] - first - 1;
    for (std::size_t at = Hash(name) & mask;; at = (at + 1) & mask) {
      std::uint16_t slot = slots_[first + at];
      if (slot == 0) return nullptr;
      const ApiField& field = Table().fields[type.first_field + slot - 1];
      if (field.name == name) return &field;
    }
  }

 private:
  /// The length and three letters: field names of one type rarely share all four, and a collision only costs a
  /// comparison.
  static std::size_t Hash(std::string_view s) {
    if (s.empty()) return 0;
    auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(s[i])); };
    return s.size() * 0x9E3779B1u + at(0) * 131u + at(s.size() / 2) * 31u + at(s.size() - 1) * 7u;
  }

  std::vector<std::uint32_t> first_slot_;  ///< per type, then the end
  std::vector<std::uint16_t> slots_;
};

const FieldIndex& Fields() {
  static const FieldIndex index;
  return index;
}

/// One step from the document to the value being checked, kept on the stack for messages: a member name, or a
/// list index when `key.data()` is null.
struct Step {
  const Step* parent;
  std::string_view key;
  std::size_t index;
};

template <typename V>
class FieldChecker {
 public:
  FieldChecker(ObjectReporter& reporter, std::string root, bool warn)
      : reporter_(reporter), root_(std::move(root)), warn_(warn), fields_(Fields()) {}

  void Check(V value, std::uint16_t type_index, const Step* at) {
    const ApiType& type = Table().types[type_index];
    switch (type.kind) {
      case ApiType::Kind::kScalar:
      case ApiType::Kind::kAny: return;
      case ApiType::Kind::kList: {
        if (Table().types[type.element].kind <= ApiType::Kind::kAny) return;
        if (value.type() != JsonType::kArray) return;  // a wrong type is the decoder's to report
        std::size_t i = 0;
        value.ForEachItem([&](V item) {
          Step step{at, std::string_view(), i++};
          Check(item, type.element, &step);
        });
        return;
      }
      case ApiType::Kind::kMap: {
        if (Table().types[type.element].kind <= ApiType::Kind::kAny) return;
        if (value.type() != JsonType::kObject) return;
        value.ForEachMemberUnordered([&](std::string_view key, V member) {
          Step step{at, key, 0};
          Check(member, type.element, &step);
        });
        return;
      }
      case ApiType::Kind::kObject: {
        if (value.type() != JsonType::kObject) return;
        // In the text's order: a document with a message is read again from its ordered tree (DecodeJsonList),
        // so messages come in key order all the same.
        value.ForEachMemberUnordered([&](std::string_view key, V member) {
          const ApiField* field = fields_.Find(type_index, key);
          // `status` is the cluster's to write: a kind that has none today had one in another version
          // (NetworkPolicy in Kubernetes 1.24 to 1.26), and what is in it comes from the dump's cluster version.
          bool status = at == nullptr && key == "status";
          if (status && field == nullptr) return;
          Step step{at, key, 0};
          if (status) in_status_ = true;
          if (field == nullptr) {
            Report(type, &step);
          } else {
            Check(member, field->type, &step);
          }
          if (status) in_status_ = false;
        });
        return;
      }
    }
  }

  int reported() const { return reported_; }

 private:
  void Report(const ApiType& type, const Step* at) {
    ++reported_;
    std::vector<const Step*> steps;
    for (const Step* s = at; s != nullptr; s = s->parent) steps.push_back(s);
    std::string path = root_;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      if ((*it)->key.data() == nullptr) {
        path += "[" + std::to_string((*it)->index) + "]";
      } else {
        path = JoinPath(path, (*it)->key);
      }
    }
    std::string_view key = at->key;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < type.field_count; ++i) names.emplace_back(Table().fields[type.first_field + i].name);
    std::string hint = SuggestClosest(key, names);
    std::string message = "unknown field \"" + std::string(key) + "\"";
    if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
    if (in_status_) {
      reporter_.Warning(path, message +
                                  ": ignored (status is written by the cluster; a field of another "
                                  "Kubernetes version?)");
    } else if (warn_) {
      reporter_.Warning(path, message + ": ignored, so the object is read as if it were not there");
    } else {
      reporter_.Error(path, message +
                                ": the API server rejects it too (strict field validation; "
                                "--unknown-fields=warn reads the object without it)");
    }
  }

  ObjectReporter& reporter_;
  std::string root_;  ///< the document's own path ("" or "items[3]")
  bool warn_;
  const FieldIndex& fields_;
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
  checker.Check(body.value(), kind.type, nullptr);
  return checker.reported();
}

template int CheckApiFields(const JsonField<NlohmannValue>&, const ApiKind&, bool);
template int CheckApiFields(const JsonField<SimdValue>&, const ApiKind&, bool);

}  // namespace kreach
