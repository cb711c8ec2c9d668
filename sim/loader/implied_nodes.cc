#include "sim/loader/implied_nodes.h"

#include <utility>

namespace kreach {

Node ImpliedNode(const std::string& name, Origin origin) {
  Node node;
  node.name = name;
  node.labels = {{kArchLabel, "amd64"}, {kHostnameLabel, name}, {kOsLabel, "linux"}};
  node.origin = std::move(origin);
  return node;
}

void AddHostnameLabels(std::vector<Node>& nodes) {
  for (Node& n : nodes) n.labels.try_emplace(kHostnameLabel, n.name);
}

}  // namespace kreach
