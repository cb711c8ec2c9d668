// The one palette of kreach's pictures: colours, fonts and the node/edge/frame styles every view uses, so a Service
// looks the same in the architecture, reachability and path diagrams and one legend vocabulary fits all.
#ifndef KREACH_VIZ_STYLE_H_
#define KREACH_VIZ_STYLE_H_

#include <string>

#include "sim/model/service_type.h"
#include "viz/dot.h"

namespace kreach::style {

inline constexpr const char* kFont = "Helvetica";
inline constexpr const char* kAllowColor = "#1b7a3a";    ///< allowed connections (dark green)
inline constexpr const char* kDenyColor = "#c62828";     ///< denied connections and failures (red)
inline constexpr const char* kServiceLine = "#2f6db5";   ///< Services: line and the Service → workload edges
inline constexpr const char* kServiceFill = "#dceafa";   ///< ClusterIP Service
inline constexpr const char* kNodePortFill = "#b7d3f2";  ///< NodePort Service (a deeper blue)
inline constexpr const char* kLbFill = "#8fbbe9";        ///< LoadBalancer Service (deeper still)
inline constexpr const char* kIngressLine = "#7b4fa0";   ///< Ingress objects and their routes (purple)
inline constexpr const char* kIngressFill = "#f1e8f8";
inline constexpr const char* kControllerFill = "#eadcf5";  ///< ingress controller
inline constexpr const char* kWorkloadLine = "gray30";
inline constexpr const char* kWorkloadFill = "#f4f4f4";   ///< workloads and pods
inline constexpr const char* kIsolatedLine = "#b26a00";   ///< a workload that some policy isolates (amber)
inline constexpr const char* kImpliedColor = "gray45";    ///< objects kreach implied (dashed)
inline constexpr const char* kExternalLine = "gray20";    ///< the Internet and hosts outside the cluster
inline constexpr const char* kNodeFill = "gray92";        ///< cluster nodes
inline constexpr const char* kFrameLine = "gray40";       ///< namespace frames and cluster node outlines
inline constexpr const char* kNamespaceFill = "#e8eef5";  ///< a whole namespace drawn as one box
inline constexpr const char* kDnsLine = kServiceLine;     ///< the path view's DNS side trip (the DNS is a Service)
inline constexpr const char* kDnsFill = "#e3f1ea";        ///< the cluster DNS in the path view
inline constexpr const char* kClientFill = "#fff2cc";     ///< the client that opens a traced connection
inline constexpr const char* kFailFill = "#fdecea";       ///< where a traced connection fails
inline constexpr const char* kNodePlaceFill = "gray90";   ///< a node as a place on a traced path

/// Graph-wide defaults: font, sizes, left-to-right flow with room for edge labels.
inline void ApplyGraphDefaults(DotGraph& g, const std::string& rankdir = "LR") {
  g.graph_attrs["fontname"] = kFont;
  g.graph_attrs["rankdir"] = rankdir;
  g.graph_attrs["newrank"] = "true";
  g.graph_attrs["nodesep"] = "0.3";
  g.graph_attrs["ranksep"] = "0.8";
  g.node_defaults = {{"fontname", kFont}, {"fontsize", "12"}};
  g.edge_defaults = {{"fontname", kFont}, {"fontsize", "10"}};
}

/// The one way every view titles itself: "<View>[ qualifiers]" ("Architecture around namespace shop", "Reachability
/// on TCP 9090 of shop/web", "Path: shop/client -> web TCP/80: allow (delivered)"), top left, one size. Further lines
/// (notes) follow the first. A title that would read as an HTML-like label gets a trailing space so it stays text.
inline void ApplyTitle(DotGraph& g, std::string title) {
  if (title.size() >= 2 && title.front() == '<' && title.back() == '>') title += ' ';
  g.graph_attrs["label"] = title;
  g.graph_attrs["labelloc"] = "t";
  g.graph_attrs["labeljust"] = "l";
  g.graph_attrs["fontsize"] = "16";
}

/// A namespace frame (put the namespace name in `label`).
inline DotAttrs NamespaceCluster(const std::string& ns) {
  return {{"label", ns},       {"style", "rounded"}, {"color", kFrameLine},
          {"fontname", kFont}, {"fontsize", "13"},   {"labeljust", "l"}};
}

/// A cluster node (machine) frame or box.
inline DotAttrs NodeBox() {
  return {{"shape", "box3d"}, {"style", "filled"}, {"fillcolor", kNodeFill}, {"color", kFrameLine}};
}

/// A workload (Deployment ×N, StatefulSet, bare pod, ...).
inline DotAttrs WorkloadNode() {
  return {{"shape", "box"}, {"style", "rounded,filled"}, {"fillcolor", kWorkloadFill}, {"color", kWorkloadLine}};
}

/// A workload that a NetworkPolicy isolates (ingress and/or egress): thicker amber border.
inline DotAttrs IsolatedWorkloadNode() {
  DotAttrs a = WorkloadNode();
  a["color"] = kIsolatedLine;
  a["penwidth"] = "2.5";
  return a;
}

/// One pod.
inline DotAttrs PodNode() {
  return {{"shape", "box"}, {"style", "rounded,filled"}, {"fillcolor", kWorkloadFill}, {"color", "gray50"}};
}

/// A Service by how it is reached: its type, or headless (no ClusterIP; an ExternalName Service is drawn as one).
inline DotAttrs ServiceNode(ServiceType type, bool headless = false) {
  DotAttrs a = {{"shape", "box"}, {"style", "filled"}, {"fillcolor", kServiceFill}, {"color", kServiceLine}};
  if (type == ServiceType::kExternalName) {
    a["fillcolor"] = "white";
  } else if (headless) {
    a["fillcolor"] = "white";
    a["style"] = "filled,dotted";
    a["penwidth"] = "1.5";
  } else if (type == ServiceType::kNodePort) {
    a["fillcolor"] = kNodePortFill;
  } else if (type == ServiceType::kLoadBalancer) {
    a["fillcolor"] = kLbFill;
    a["penwidth"] = "2";
  }
  return a;
}

/// An Ingress object.
inline DotAttrs IngressNode() {
  return {{"shape", "box"}, {"style", "filled"}, {"fillcolor", kIngressFill}, {"color", kIngressLine}};
}

/// The ingress controller (its pods); pass the result through Implied() when kreach implied it.
inline DotAttrs ControllerNode() {
  return {{"shape", "box"},
          {"style", "rounded,filled"},
          {"fillcolor", kControllerFill},
          {"color", kIngressLine},
          {"penwidth", "1.5"}};
}

/// The Internet, an external host or an address range outside the cluster.
inline DotAttrs ExternalNode() {
  return {{"shape", "ellipse"}, {"style", "filled"}, {"fillcolor", "white"}, {"color", kExternalLine}};
}

/// `a` marked as implied by kreach (not in the input): dashed grey line.
inline DotAttrs Implied(DotAttrs a) {
  auto it = a.find("style");
  a["style"] = it == a.end() || it->second.empty() ? "dashed" : it->second + ",dashed";
  a["color"] = kImpliedColor;
  return a;
}

/// A connection that policy allows.
inline DotAttrs AllowedEdge() { return {{"color", kAllowColor}, {"fontcolor", kAllowColor}, {"penwidth", "1.5"}}; }

/// A connection that policy denies.
inline DotAttrs DeniedEdge() {
  return {{"color", kDenyColor}, {"fontcolor", kDenyColor}, {"style", "dashed"}, {"penwidth", "1.5"}};
}

/// A Service → workload edge (label: ports `80→8080/TCP`).
inline DotAttrs ServiceEdge() { return {{"color", kServiceLine}, {"fontcolor", kServiceLine}}; }

/// An Ingress → Service route (label: host and path) and controller → Ingress.
inline DotAttrs RouteEdge() { return {{"color", kIngressLine}, {"fontcolor", kIngressLine}}; }

/// An ingress controller serving an Ingress: an association, not a hop of its own (dotted, no arrowhead).
inline DotAttrs ServesEdge() {
  return {{"color", kIngressLine},
          {"fontcolor", kIngressLine},
          {"style", "dotted"},
          {"arrowhead", "none"},
          {"penwidth", "1.5"}};
}

/// Traffic entering from outside (Internet → load balancer / NodePort / controller).
inline DotAttrs EntryEdge() { return {{"color", kExternalLine}, {"fontcolor", kExternalLine}, {"penwidth", "1.5"}}; }

/// An ExternalName Service pointing at a host outside the cluster.
inline DotAttrs ExternalNameEdge() {
  return {{"color", kServiceLine}, {"fontcolor", kServiceLine}, {"style", "dashed"}};
}

/// An edge to or from something kreach implied.
inline DotAttrs ImpliedEdge() { return {{"color", kImpliedColor}, {"fontcolor", kImpliedColor}, {"style", "dashed"}}; }

}  // namespace kreach::style

#endif  // KREACH_VIZ_STYLE_H_
