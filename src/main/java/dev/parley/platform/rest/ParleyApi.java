package dev.parley.platform.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Parley's REST API, version 1. Every resource class lives in a feature's boundary package. */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Parley API",
            version = "1",
            description =
                "REST API of Parley, the self-hosted helpdesk. Authenticate with `Authorization:"
                    + " Bearer <token>`: a login session token (POST /auth/login) or an API token."
                    + " Errors are RFC 9457 application/problem+json.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A login session token (pst_...) or an API token (pat_...)")
public class ParleyApi extends Application {}
