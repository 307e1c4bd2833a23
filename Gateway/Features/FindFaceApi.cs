using Gateway.Auth;
using Gateway.Errors;
using Gateway.Features.Camera;
using Gateway.Features.Detect;
using Gateway.Features.Docs;
using Gateway.Features.Events;
using Gateway.Features.Extract;
using Gateway.Features.Face;
using Gateway.Features.Faces;
using Gateway.Features.Galleries;
using Gateway.Features.Identify;
using Gateway.Features.Meta;
using Gateway.Features.Persons;
using Gateway.Features.Shards;
using Gateway.Features.Verify;

namespace Gateway.Features;

/// <summary>The FindFace REST API (spec 9.2-9.4) under /v0/ and /v1/, behind token authentication but for its documentation;
/// cameras, shard statistics and the direct index API need an admin token.</summary>
public static class FindFaceApi
{
    public static void MapFindFaceApi(this IEndpointRouteBuilder app)
    {
        app.MapDocsPage();
        foreach (var version in Enum.GetValues<ApiVersion>())
        {
            var api = app.MapGroup($"/{version.PathSegment()}").WithMetadata(new ApiVersionMetadata(version))
                .RequireAuthorization(TokenScopes.ApiPolicy).ValidateRequests();
            var admin = api.MapGroup("").RequireAuthorization(TokenScopes.AdminPolicy);
            api.MapDetect();
            api.MapVerify();
            api.MapIdentify();
            api.MapFace();
            api.MapFaces();
            api.MapMeta();
            api.MapGalleries();
            admin.MapCamera();
            api.MapPersons();
            if (version == ApiVersion.V1)
            {
                api.MapExtract();
                api.MapEvents();
                // Spec 8.6, 8.7: FindFace serves these on each Tarantool shard, whose direct API is at version v1.
                admin.MapStat();
                admin.MapDirect();
            }
            // Spec 9.2.15, 9.2.16: the documentation is open, so that a client can learn there how to authenticate.
            app.MapGroup($"/{version.PathSegment()}").WithMetadata(new ApiVersionMetadata(version)).MapDocs();
        }
    }
}
