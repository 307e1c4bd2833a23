using Gateway.Features.Detect;
using Gateway.Features.Extract;
using Gateway.Features.Face;
using Gateway.Features.Faces;
using Gateway.Features.Galleries;
using Gateway.Features.Identify;
using Gateway.Features.Meta;
using Gateway.Features.Verify;

namespace Gateway.Features;

/// <summary>The FindFace REST API (spec 9.2, 9.3) under /v0/ and /v1/, behind token authentication.</summary>
public static class FindFaceApi
{
    public static void MapFindFaceApi(this IEndpointRouteBuilder app)
    {
        foreach (var version in Enum.GetValues<ApiVersion>())
        {
            var api = app.MapGroup($"/{version.ToString().ToLowerInvariant()}").RequireAuthorization();
            api.MapDetect(version);
            api.MapVerify();
            api.MapIdentify(version);
            api.MapFace(version);
            api.MapFaces(version);
            api.MapMeta(version);
            api.MapGalleries();
            if (version == ApiVersion.V1)
                api.MapExtract();
        }
    }
}
