package io.poolpilot.agent.bootstrap;

/**
 * The {@code http.route} of a servlet request, composed from what the servlet API and Spring MVC
 * tell about it; always a template, never the raw path, or null when no template is known.
 *
 * <p>Spring MVC's matched pattern ({@code /owners/{id}}) is the best template, but Spring matches
 * it against the path below the context path and, for a prefix mapping such as {@code /api/*},
 * below the servlet path as well (Spring's {@code ServletRequestPathUtils} treats a {@code PATH}
 * mapping's servlet path as part of the context). Semantic conventions want the route as the client
 * sees it, so those prefixes are put back in front.
 *
 * <p>Without Spring the servlet mapping is the template: {@code /items/*} for a prefix mapping,
 * {@code /status} for an exact one, {@code /*.jsp} for an extension, {@code /*} for the default
 * servlet (mapped {@code /}, it serves every path no other mapping takes, so {@code /} alone would
 * read as the root path only) and {@code /} for the context root. A container older than Servlet 4
 * names no mapping: then only a prefix mapping can be recognised (its path info is not null); an
 * exact, extension or default mapping look alike there, and the servlet path of a default mapping
 * is the raw path, so no route is given.
 */
public final class ServletRoutes {
  private ServletRoutes() {}

  /**
   * @param contextPath the request's context path ({@code ""} for the root context)
   * @param springPattern Spring MVC's best matching pattern, or null
   * @param mappingMatch the name of the servlet mapping's {@code MappingMatch} ({@code PATH},
   *     {@code EXACT}, ...), or null if the container named none
   * @param mappingPattern the servlet mapping's pattern ({@code /items/*}), or null
   * @param servletPath the request's servlet path
   * @param hasPathInfo whether the request's path info is not null
   */
  public static String route(
      String contextPath,
      String springPattern,
      String mappingMatch,
      String mappingPattern,
      String servletPath,
      boolean hasPathInfo) {
    String context = contextPath == null ? "" : contextPath;
    boolean prefixMapping = mappingMatch != null ? mappingMatch.equals("PATH") : hasPathInfo;
    if (springPattern != null && !springPattern.isEmpty()) {
      String servletPrefix = prefixMapping && servletPath != null ? servletPath : "";
      return context + servletPrefix + springPattern;
    }
    if (mappingMatch == null) {
      return hasPathInfo && servletPath != null ? context + servletPath + "/*" : null;
    }
    switch (mappingMatch) {
      case "CONTEXT_ROOT":
        return context + "/";
      case "DEFAULT":
        return context + "/*";
      case "EXTENSION":
      case "EXACT":
      case "PATH":
        if (mappingPattern == null || mappingPattern.isEmpty()) {
          return null;
        }
        return context + (mappingPattern.startsWith("/") ? "" : "/") + mappingPattern;
      default:
        return null;
    }
  }
}
