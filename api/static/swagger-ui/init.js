// Starts Swagger UI on /docs from this file, so the page's content security policy needs no
// inline script. The OpenAPI document is this service's own.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
  });
});
