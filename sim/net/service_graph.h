// The Service graph as a Boost.Graph adjacency list. Included only by sim/*.cc: Boost stays inside sim/.
#ifndef KREACH_SIM_NET_SERVICE_GRAPH_H_
#define KREACH_SIM_NET_SERVICE_GRAPH_H_

#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <tuple>

#include "sim/net/network.h"

namespace kreach {

using ServiceAdjacency = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, GraphVertex, GraphEdge>;

class ServiceGraph {
 public:
  using Vertex = ServiceAdjacency::vertex_descriptor;
  ServiceAdjacency g;
  /// Entry points by (address, port, protocol). NodePorts have address 0.
  std::map<std::tuple<Ipv4, int, Protocol>, Vertex> cluster_ip, node_port, load_balancer, external_ip;
  std::map<const Pod*, Vertex> pod;
  std::map<Ipv4, Vertex> address;
  std::map<const ServicePort*, Vertex> cluster_ip_of_port;
  std::vector<Vertex> controller;  ///< by controller index
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_SERVICE_GRAPH_H_
