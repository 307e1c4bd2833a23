using System.Text.Json.Nodes;
using Contracts.Detection;
using Contracts.Index;
using Gateway.Errors;
using Gateway.Features.Camera;
using Gateway.Features.Events;
using Gateway.Features.Persons;
using Gateway.Features.Extract;
using Gateway.Features.Face;
using Gateway.Features.Shards;
using Gateway.Http;
using Security.Cameras;
using Vision.Models;

namespace Gateway.Features.Docs;

/// <summary>
/// The OpenAPI 3.0 document of one API version (spec 9.2.16), written once for both: v1 is v0 plus gender, age and
/// emotions, and <c>/extract</c>. Limits, defaults and codes come from the constants and options the endpoints use.
/// </summary>
public static class ApiDocument
{
    private const string TokenScheme = "Token";
    private const string JsonType = "application/json";
    private const string FormType = "application/x-www-form-urlencoded";
    private const string MultipartType = "multipart/form-data";

    public static JsonObject For(ApiVersion version, FacenapiOptions facenapi, ExtractionOptions extraction)
    {
        var v1 = version == ApiVersion.V1;
        var paths = new JsonObject
        {
            ["/detect"] = new JsonObject { ["post"] = Detect(v1) },
            ["/verify"] = new JsonObject { ["post"] = Verify(v1) },
            ["/identify"] = new JsonObject { ["post"] = Identify(gallery: false, v1) },
            ["/faces/gallery/{gallery}/identify"] = new JsonObject { ["post"] = Identify(gallery: true, v1) },
            ["/face"] = new JsonObject { ["post"] = Enroll(v1) },
            ["/face/id/{id}"] = new JsonObject { ["get"] = GetFace(), ["put"] = UpdateFace(), ["delete"] = DeleteFace() },
            ["/face/meta/{meta}"] = new JsonObject { ["get"] = FacesByMeta(gallery: false), ["delete"] = DeleteByMeta() },
            ["/face/gallery/{gallery}/meta/{meta}"] = new JsonObject { ["get"] = FacesByMeta(gallery: true) },
            ["/faces"] = new JsonObject { ["get"] = Faces(gallery: false) },
            ["/faces/gallery/{gallery}"] = new JsonObject { ["get"] = Faces(gallery: true) },
            ["/faces/gallery/{gallery}/meta/{meta}"] = new JsonObject { ["get"] = FacesByMeta(gallery: true, cloudAlias: true) },
            ["/meta"] = new JsonObject { ["get"] = Meta(gallery: false) },
            ["/meta/gallery/{gallery}"] = new JsonObject { ["get"] = Meta(gallery: true) },
            ["/galleries"] = new JsonObject { ["get"] = ListGalleries(), ["post"] = CreateGallery(nameInBody: true) },
            ["/galleries/{gallery}"] = new JsonObject { ["post"] = CreateGallery(), ["delete"] = DeleteGallery() },
            ["/camera"] = new JsonObject { ["get"] = ListCameras(), ["post"] = CreateCamera() },
            ["/camera/{camera_id}"] = new JsonObject { ["get"] = GetCamera(), ["put"] = UpdateCamera(), ["delete"] = DeleteCamera() },
            ["/persons"] = new JsonObject { ["get"] = ListPersons() },
            ["/person/id/{person_id}"] = new JsonObject { ["get"] = GetPerson() },
            ["/person/history/id/{person_id}"] = new JsonObject { ["get"] = PersonHistory() },
            ["/history/search"] = new JsonObject { ["post"] = SearchHistory() },
        };
        if (v1)
        {
            paths["/extract"] = new JsonObject { ["post"] = Extract(extraction) };
            paths["/events"] = new JsonObject { ["get"] = Events() };
            paths["/stat/list/{start}/{limit}"] = new JsonObject { ["get"] = StatList() };
            paths["/stat/info/{name}"] = new JsonObject { ["get"] = StatInfo() };
            paths["/{name}/add/{id}"] = new JsonObject { ["post"] = DirectAdd() };
            paths["/{name}/get/{id}"] = new JsonObject { ["get"] = DirectGet() };
            paths["/{name}/del/{id}"] = new JsonObject { ["delete"] = DirectDelete() };
            paths["/{name}/search/{limit}/{threshold}"] = new JsonObject { ["post"] = DirectSearch() };
            paths["/{name}/list/{start_id}/{count}"] = new JsonObject { ["get"] = DirectList() };
        }
        paths["/docs"] = new JsonObject { ["get"] = DocsIndex() };
        paths["/docs/{version}"] = new JsonObject { ["get"] = DocsDocument() };
        paths["/docs/{version}/overview.html"] = new JsonObject { ["get"] = DocsOverview() };

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"Facepipe FindFace API {version.PathSegment()}",
                ["version"] = version.PathSegment(),
                ["description"] = Introduction(version, facenapi),
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = $"/{version.PathSegment()}" }),
            ["security"] = new JsonArray(new JsonObject { [TokenScheme] = new JsonArray() }),
            ["tags"] = new JsonArray(
                Tag("Photos", "Detection, verification and identification on a photo (spec 9.2.1-9.2.3)."),
                Tag("Faces", "Enrolled faces (spec 9.2.4-9.2.11)."),
                Tag("Galleries", "Sets of faces to search separately (spec 9.2.12-9.2.14, 9.3)."),
                Tag("Cameras", "Video streams for fkvideo_detector, grouped by detector name (spec 9.4, 5.2.1)."),
                Tag("Persons", "Dynamic persons, 'friend or foe' and camera history (spec 8.2, 8.3, 9.2.17-18); persons appear when " +
                               "Facenapi:PersonIdentify is on."),
                Tag("Extraction", "The Extraction API (spec 8.4), v1 only."),
                Tag("Events", "Live events (beyond FindFace), v1 only: the faces stored from now on, as server-sent events."),
                Tag("Shards", "Index shard statistics and direct index requests (spec 8.6, 8.7), v1 only: FindFace's Tarantool HTTP API, " +
                              "over every index shard at once."),
                Tag("Docs", "This documentation (spec 9.2.15, 9.2.16); no token needed.")),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [TokenScheme] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = "Authorization",
                        ["description"] = "The word Token, a space and the token (spec 9.1.3): `Authorization: Token <token>`. " +
                                          "Tokens are made with `Gateway token [--short] [--scope admin|api|read]`. A missing or wrong one is answered " +
                                          "401 AUTH_FAILED; a call beyond the token's scope 403 FORBIDDEN (cameras, /v1/stat and the direct index " +
                                          "API need admin, changes need api or admin, read tokens may GET).",
                    },
                },
                ["schemas"] = Schemas(v1),
                ["parameters"] = new JsonObject
                {
                    ["gallery"] = PathParam("gallery", String(GalleryRules.NameRule + $" `{GalleryNames.Default}` is every face.")),
                    ["id"] = PathParam("id", Integer("The face id; anything else is answered 400 BAD_PARAM.")),
                    ["meta"] = PathParam("meta", String("The meta string, exactly.")),
                    ["camera_id"] = PathParam("camera_id", Uuid("The camera id as POST /camera returned it; anything but a UUID is answered 400 BAD_PARAM.")),
                    ["detector"] = QueryParam("detector", String("Only the cameras of this detector, as fkvideo_detector asks for its own (`--detector-name`). " +
                                                                 CameraRules.DetectorRule)),
                    ["version"] = PathParam("version", Enum("A documented version.", [.. System.Enum.GetValues<ApiVersion>().Select(v => v.PathSegment())])),
                    ["max_id"] = QueryParam("max_id", Integer("Only faces with a smaller id: the next (older) page.")),
                    ["min_id"] = QueryParam("min_id", Integer("Only faces with a larger id: the previous (newer) page.")),
                    ["limit"] = QueryParam("limit", Integer($"Results per page, from 1 to {FacenapiOptions.MaxPageSize}.", facenapi.PageSize)),
                },
                ["responses"] = new JsonObject
                {
                    ["BadParam"] = ErrorResponse("BAD_PARAM (a parameter is missing or wrong, named in `param` with its `value`), " +
                                                 "MALFORMED_JSON (the body is not a JSON object) or BAD_REQUEST (an unreadable form body).", "BadParamError"),
                    ["AuthFailed"] = ErrorResponse("AUTH_FAILED: no token, or a wrong one."),
                    ["NotFound"] = ErrorResponse("NOT_FOUND: no such face, gallery or camera."),
                    ["TooLarge"] = ErrorResponse($"REQUEST_TOO_LARGE: the body is over {facenapi.MaxRequestBodySize} bytes."),
                    ["Unavailable"] = ErrorResponse("SERVICE_UNAVAILABLE: a pipeline stage failed or did not answer in time; try again later."),
                },
            },
        };
    }

    private static string Introduction(ApiVersion version, FacenapiOptions facenapi) =>
        $$"""
        The REST API of FindFace Enterprise Server SDK 2.5 (spec chapter 9), as Facepipe implements it.
        {{(version == ApiVersion.V1 ? "v1 adds gender, age and emotions to v0, and the Extraction API at `/v1/extract`." : "v0 has no gender, age or emotions; use v1 for them.")}}

        **Paths.** Every path may also be written with a trailing slash, as the spec does (`/{{version.PathSegment()}}/detect/`).

        **Authentication.** Every method but `/docs` needs `Authorization: Token <token>`, of a scope that covers it (403 FORBIDDEN otherwise):
        `admin` everything, `api` all but cameras, `/v1/stat` and the direct index API, `read` only GET. The `photo`, `thumbnail` and `normalized`
        URLs of faces are signed for a while (`Upload:UrlLifetime`) and need no token; unsigned, `/uploads/` needs one.

        **Parameters** (spec 9.1.5) come as a JSON object body, form fields (`{{FormType}}`), multipart parts (`{{MultipartType}}`, the only way to upload a photo file)
        or the query string. In form fields and the query string, structures (bounding boxes, gallery lists, gallery changes, camera regions) are JSON-encoded;
        a repeated field makes a list. Booleans may also be `"true"`, `"false"`, `"1"` or `"0"`, numbers may be strings.

        **Photos** are an uploaded file or a public http(s) URL without redirects, JPEG, PNG or WEBP, at most {{facenapi.MaxPhotoSize}} bytes; a body is at most {{facenapi.MaxRequestBodySize}} bytes.

        **Bounding boxes** (spec 9.1.4) are accepted as `{"x1": .., "y1": .., "x2": .., "y2": ..}` or `[x1, y1, x2, y2]`, one or a list, and always returned as the object.
        Coordinates may lie outside the photo.

        **Thresholds** (spec 9.1.7): `strict` ({{ConfidenceThresholds.Strict}}), `medium` ({{ConfidenceThresholds.Medium}}), `low` ({{ConfidenceThresholds.Low}}), `none` ({{ConfidenceThresholds.None}}),
        or a confidence from 0 to 1; {{ConfidenceThresholds.Default}} when absent.

        **Pagination** (spec 9.1.8): listings are newest first; `next_page` and `prev_page` are the path and query of the neighbouring pages
        (`max_id`, `min_id`, and `limit` when given), null at either end.

        **Errors** (spec 9.1.10) have a status other than 200 and a body `{"code": "CAPS_CODE", "reason": "..."}`; BAD_PARAM adds `param` and `value`.
        """;

    private static JsonObject Detect(bool v1)
    {
        return Operation("Photos", "Detect the faces on a photo", "Spec 9.2.1. Every face found on the photo.",
            Body(["photo"], [("photo", Photo("The photo.")), .. Attributes(v1, "Estimate each face's {0}.", "false")]), Ok("DetectResponse"),
            errors: ["BadParam", "AuthFailed", "TooLarge", "Unavailable"]);
    }

    // v1's gender, age and emotions flags (AttributeFlags); the description has {0} for the attribute's name.
    private static (string, JsonObject)[] Attributes(bool v1, string description, string byDefault) => v1
        ? [.. new[] { "gender", "age", "emotions" }.Select(name => (name, Boolean(string.Format(description, name) + $" Default: {byDefault}.")))]
        : [];

    private static JsonObject Verify(bool v1) => Operation("Photos", "Compare the faces of two photos",
        "Spec 9.2.2. Every face of photo1 against every face of photo2. `verified` is true when each face of photo1 has a match on photo2; " +
        "with threshold `none` there is no verdict and `verified` is left out.",
        Body(["photo1", "photo2"], [
            ("photo1", Photo("The first photo.")),
            ("photo2", Photo("The second photo.")),
            ("bbox1", Boxes("Faces of photo1 to compare, instead of detecting them: the biggest face in each box; mf_selector is then ignored.")),
            ("bbox2", Boxes("Faces of photo2 to compare, as bbox1.")),
            ("threshold", Ref("Threshold")),
            (MultiFaceSelector.Param, Ref("MultiFaceSelector")),
            .. Attributes(v1, "Estimate the {0} of each face of both photos (in bbox1 and bbox2), as /detect does.", "false")]),
        Ok("VerifyResponse"), errors: ["BadParam", "AuthFailed", "TooLarge", "Unavailable"]);

    private static JsonObject Identify(bool gallery, bool v1) => Operation("Photos",
        gallery ? "Search a gallery for the faces on a photo" : "Search every face for the faces on a photo",
        (gallery ? "Spec 9.3: as /identify, among the faces of one gallery; an unknown gallery is 404. " : "Spec 9.2.3. ") +
        "The `n` most similar enrolled faces at or above the threshold, for each face on the photo, keyed by its box as \"[x1, y1, x2, y2]\".",
        Body(["photo"], [
            ("photo", Photo("The photo.")),
            ("bbox", Boxes("Faces to search for, instead of detecting them: the biggest face in each box; mf_selector is then ignored.")),
            ("x1", Integer("One box as separate coordinates, instead of bbox; needs x1, y1, x2 and y2.")),
            ("y1", Integer("See x1.")),
            ("x2", Integer("See x1.")),
            ("y2", Integer("See x1.")),
            ("threshold", Ref("Threshold")),
            ("n", Integer($"Matches per face, from 1 to {FacenapiOptions.MaxMatches}.", 1)),
            (MultiFaceSelector.Param, Ref("MultiFaceSelector")),
            ("strict", Boolean("With Redis index shards: true fails the call (503) when a shard does not answer, false answers from the live shards; " +
                "unset leaves it to Index:IgnoreSearchErrors. The X-Live-Servers header of the answer says how many shards answered, as live/total.")),
            .. Attributes(v1, "false leaves the matched faces' {0} out of the answer (it is estimated at enrollment).", "true")]),
        Ok("IdentifyResponse"), errors: ["BadParam", "AuthFailed", .. gallery ? new[] { "NotFound" } : [], "TooLarge", "Unavailable"],
        parameters: gallery ? [ParamRef("gallery")] : null);

    private static JsonObject Enroll(bool v1) => Operation("Faces", "Enroll the faces of a photo",
        "Spec 9.2.4. Stores the selected faces with their meta string and galleries; a photo without a face is 400 BAD_PARAM.",
        Body(["photo"], [
            ("photo", Photo("The photo.")),
            ("meta", String($"Any text to keep with the faces, at most {FacenapiOptions.MaxMetaLength} characters.", "")),
            ("bbox", Boxes("Faces to enroll, instead of detecting them: the biggest face in each box; mf_selector is then ignored.")),
            (MultiFaceSelector.Param, Ref("MultiFaceSelector")),
            ("galleries", Array(String(null), $"Existing galleries to put the faces in, besides `{GalleryNames.Default}`; a single name counts as a list of one.")),
            ("cam_id", String($"The camera the photo comes from ({CameraRules.CameraIdRule}): the faces are then events of the camera history, " +
                              "and with dynamic person creation persons are identified per camera.")),
            ("timestamp", String("When the photo was taken, ISO 8601 (UTC when it names no zone), as fkvideo_detector sends it; " +
                                 "the faces' timestamp. Default: now.")),
            .. Attributes(v1, "Estimate and store each face's {0} (false: leave it out).", "Facenapi:Gae")]),
        Ok("FaceList"), errors: ["BadParam", "AuthFailed", "TooLarge", "Unavailable"],
        parameters: [new JsonObject
        {
            ["name"] = IdempotencyKey.Header, ["in"] = "header", ["required"] = false,
            ["description"] = "Beyond the spec: the client's key for this enrollment, 1 to " + IdempotencyKey.MaxLength + " printable ASCII " +
                              "characters (findface-mass-enroll sends one per image). A request with a key already stored stores nothing and " +
                              "answers the faces the first one stored, so a retry after a lost answer never enrolls a photo twice.",
            ["schema"] = String(null),
        }]);

    private static JsonObject GetFace() => Operation("Faces", "Read a face", "Spec 9.2.5.",
        null, Ok("Face"), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [ParamRef("id")]);

    private static JsonObject UpdateFace() => Operation("Faces", "Change a face's meta or galleries",
        "Spec 9.2.6. Parameters left out are left as they are.",
        Body([],
            ("meta", String($"The new meta string, at most {FacenapiOptions.MaxMetaLength} characters.")),
            ("person_id", Integer("The face's person (spec 8.2.4), a positive integer or its string; with dynamic person creation on, " +
                                  "the face takes part in person identification from then on.")),
            ("galleries", new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"Exactly one of `add`, `del` or `set` with a list of existing galleries; `{GalleryNames.Default}` cannot be changed.",
                ["properties"] = new JsonObject { ["add"] = Array(String(null)), ["del"] = Array(String(null)), ["set"] = Array(String(null)) },
                ["minProperties"] = 1,
                ["maxProperties"] = 1,
            })),
        Ok("Face"), errors: ["BadParam", "AuthFailed", "NotFound", "TooLarge"], parameters: [ParamRef("id")]);

    private static JsonObject DeleteFace() => Operation("Faces", "Delete a face", "Spec 9.2.7.",
        null, NoContent(), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [ParamRef("id")]);

    // FindFace's cloud API (the v0 the SDK's v0 comes from) named some methods otherwise; clients written for it still call them.
    private const string CloudAlias = "An alias from FindFace's cloud API, beyond the SDK's spec, for clients written for it: ";

    private static JsonObject DeleteByMeta() => Operation("Faces", "Delete every face with a meta string",
        CloudAlias + "as DELETE /face/id/{id} for each face with this meta string. 204 also when there was none.",
        null, NoContent(), errors: ["AuthFailed"], parameters: [ParamRef("meta")]);

    private static JsonObject FacesByMeta(bool gallery, bool cloudAlias = false) => Operation("Faces",
        gallery ? "List a gallery's faces with a meta string" : "List the faces with a meta string",
        (cloudAlias ? CloudAlias + "/face/gallery/{gallery}/meta/{meta}. " : "") +
        (gallery ? "Spec 9.3, as /face/meta/{meta} within one gallery." : "Spec 9.2.8. Paginated."),
        null, Ok("FacePage"), errors: ["BadParam", "AuthFailed", .. gallery ? new[] { "NotFound" } : []],
        parameters: [.. gallery ? new[] { ParamRef("gallery") } : [], ParamRef("meta"), .. PageParams()]);

    private static JsonObject Faces(bool gallery) => Operation("Faces",
        gallery ? "List a gallery's faces" : "List every face",
        gallery ? "Spec 9.2.10. Newest first, paginated; an unknown gallery is 404." : "Spec 9.2.9. Newest first, paginated.",
        null, Ok("FacePage"), errors: ["BadParam", "AuthFailed", .. gallery ? new[] { "NotFound" } : []],
        parameters: [.. gallery ? new[] { ParamRef("gallery") } : [], .. PageParams()]);

    private static JsonObject Meta(bool gallery) => Operation("Faces",
        gallery ? "List a gallery's meta strings" : "List the meta strings",
        "Spec 9.2.11. Each meta string with its number of faces and its newest face; paginated by that face's id.",
        null, Ok("MetaPage"), errors: ["BadParam", "AuthFailed", .. gallery ? new[] { "NotFound" } : []],
        parameters: [.. gallery ? new[] { ParamRef("gallery") } : [], .. PageParams()]);

    private static JsonObject ListGalleries() => Operation("Galleries", "List the galleries",
        $"Spec 9.2.12. `{GalleryNames.Default}` first.", null, Ok("GalleryList"), errors: ["AuthFailed"]);

    private static JsonObject CreateGallery(bool nameInBody = false) => Operation("Galleries", "Create a gallery",
        (nameInBody ? CloudAlias + "POST /galleries/{gallery} with the name in the body. " : "") +
        "Spec 9.2.13. A gallery that exists already, `default` included, is 409 CONFLICT.",
        nameInBody ? Body(["name"], ("name", String(GalleryRules.NameRule))) : null,
        new JsonObject
        {
            ["201"] = JsonResponse("Created.", Ref("CreatedGallery")),
            ["409"] = ErrorResponse("CONFLICT: the gallery exists already."),
        },
        errors: ["BadParam", "AuthFailed"], parameters: nameInBody ? null : [ParamRef("gallery")]);

    private static JsonObject DeleteGallery() => Operation("Galleries", "Delete a gallery",
        $"Spec 9.2.14. Deletes the gallery and every face in it; `{GalleryNames.Default}` cannot be deleted (400 BAD_PARAM).",
        null, NoContent(), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [ParamRef("gallery")]);

    private static JsonObject ListCameras() => Operation("Cameras", "List the cameras",
        "Spec 9.4.2. Every camera in the order they were added, or with `detector` only that detector's.",
        null, Ok("CameraList"), errors: ["BadParam", "AuthFailed"], parameters: [ParamRef("detector")]);

    private static JsonObject CreateCamera() => Operation("Cameras", "Add a camera",
        "Spec 9.4.1. Every parameter is optional; what is not given is left out of the camera.",
        Body([], CameraFields(change: false)),
        new JsonObject { ["201"] = JsonResponse("Created.", Ref("Camera")) },
        errors: ["BadParam", "AuthFailed", "TooLarge"]);

    private static JsonObject GetCamera() => Operation("Cameras", "Read a camera", "Spec 9.4.3.",
        null, Ok("Camera"), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [ParamRef("camera_id")]);

    private static JsonObject UpdateCamera() => Operation("Cameras", "Change a camera",
        "Spec 9.4.4. `meta`, `url` and `detector` left out are left as they are; `rot` and `roi` left out or empty are removed, " +
        "so pass them on every change that should keep them.",
        Body([], CameraFields(change: true)), Ok("Camera"), errors: ["BadParam", "AuthFailed", "NotFound", "TooLarge"], parameters: [ParamRef("camera_id")]);

    private static JsonObject DeleteCamera() => Operation("Cameras", "Delete a camera", "Spec 9.4.5.",
        null, NoContent(), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [ParamRef("camera_id")]);

    private static JsonObject ListPersons() => Operation("Persons", "List the persons",
        "Spec 8.2.4. Each person with the meta of its first face, newest person first; `next_page` links the next page.",
        null, Ok("PersonPage"), errors: ["BadParam", "AuthFailed"], parameters: [ParamRef("max_id"), ParamRef("limit")]);

    private static JsonObject GetPerson() => Operation("Persons", "Read a person", "Spec 9.2.17.",
        null, Ok("Person"), errors: ["BadParam", "AuthFailed", "NotFound"], parameters: [PathParam("person_id", Integer(null))]);

    private static JsonObject PersonHistory() => Operation("Persons", "A person's camera history",
        "Spec 8.2.4, 9.2.17. The faces of the person that cameras captured, newest first. The filter may come as a JSON body " +
        "(as the spec sends it, with GET) or in the query string.",
        Body([], HistoryFilter(person: false)), Ok("PersonHistoryPage"), errors: ["BadParam", "AuthFailed", "TooLarge"],
        parameters: [PathParam("person_id", Integer(null)), ParamRef("max_id")]);

    private static JsonObject SearchHistory() => Operation("Persons", "Search the camera history",
        "Spec 9.2.18. Faces captured by cameras (posted with `cam_id`), newest first. For the next page send the same request to `next_page`.",
        Body([], HistoryFilter(person: true)), Ok("HistoryPage"), errors: ["BadParam", "AuthFailed", "TooLarge"], parameters: [ParamRef("max_id")]);

    private static (string, JsonObject)[] HistoryFilter(bool person) =>
    [
        .. person ? new[] { ("person_id", Integer("Only this person's events.")) } : [],
        ("cam_ids", Array(String(null), $"Only these cameras' events (strings or integers, at most {HistoryRequestValidator.MaxCameras}).")),
        ("start", String("Only events at or after this ISO 8601 time.")),
        ("end", String("Only events at or before this ISO 8601 time.")),
        .. person ? new[] { ("friend", Boolean("Only events of friends (true) or of others (false).")) } : [],
        ("limit", Integer($"Events per page; 0, the default, is everything, in pages of {FacenapiOptions.MaxPageSize}.", 0)),
    ];

    private static (string, JsonObject)[] CameraFields(bool change) =>
    [
        ("meta", String($"{(change ? "The new" : "Any")} text to keep with the camera, at most {FacenapiOptions.MaxMetaLength} characters.")),
        ("url", String(CameraUrlPolicy.UrlRule)),
        ("detector", String((change ? "Moves the camera to another detector (not in the spec). " : "The detector that reads the stream, fkvideo_detector's `--detector-name`. ") +
                            CameraRules.DetectorRule)),
        ("rot", Region("Region of tracking: faces are detected and tracked only inside it.", change)),
        ("roi", Region("Region of interest: only faces detected inside it are posted.", change)),
    ];

    private static JsonObject Region(string description, bool change) => new()
    {
        ["description"] = description + (change ? " Left out or empty, it is removed." : " Left out or empty: none.") +
                          " In form fields, JSON-encoded.",
        ["oneOf"] = new JsonArray(Ref("CameraRegion"), new JsonObject { ["type"] = "array", ["items"] = Integer(null), ["maxItems"] = 0 }),
    };

    private static JsonObject Extract(ExtractionOptions extraction)
    {
        var request = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("requests"),
            ["properties"] = new JsonObject { ["requests"] = Array(Ref("ExtractImageRequest"), "One request per image, answered in the same order.") },
        };
        var body = new JsonObject
        {
            ["required"] = true,
            ["description"] = $"JSON alone, or multipart whose `{ExtractBodyReader.RequestPart}` part holds the JSON and whose other parts hold images " +
                              $"(`\"image\": \"{ImageRequestValidator.MultipartPrefix}<part>\"`). At most {extraction.MaxRequestBodySize} bytes, each image at most {extraction.MaxImageSize}.",
            ["content"] = new JsonObject
            {
                [JsonType] = new JsonObject { ["schema"] = request },
                [MultipartType] = new JsonObject
                {
                    ["schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray(ExtractBodyReader.RequestPart),
                        ["properties"] = new JsonObject { [ExtractBodyReader.RequestPart] = request.DeepClone() },
                        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["format"] = "binary" },
                    },
                    ["encoding"] = new JsonObject { [ExtractBodyReader.RequestPart] = new JsonObject { ["contentType"] = JsonType } },
                },
            },
        };
        return Operation("Extraction", "Extract faces and their features from images",
            "Spec 8.4. An image that fails has its own `error` and does not fail the others. Also served at `POST /` on the Extraction:Urls listeners.",
            body, Ok("ExtractResponse"), errors: ["BadParam", "AuthFailed", "TooLarge"]);
    }

    private static JsonObject Events() => Operation("Events", "Follow the faces stored from now on",
        "Server-sent events (`text/event-stream`), one per face stored after the call (or after `Last-Event-ID`): `event: face`, " +
        "`id:` the face id, `data:` an `Event` object. Faces stored by concurrent calls may come a little out of id order; each is sent once. " +
        "A comment line comes after a while without events. Browsers' EventSource cannot send the Authorization header: read it with fetch.",
        null,
        new JsonObject { ["200"] = new JsonObject
        {
            ["description"] = "The stream; it lasts until the client closes it.",
            ["content"] = new JsonObject { ["text/event-stream"] = new JsonObject { ["schema"] = Ref("Event") } },
        } },
        errors: ["BadParam", "AuthFailed"],
        parameters:
        [
            QueryParam("cam_ids", String($"Only faces of these cameras, comma-separated (at most {HistoryRequestValidator.MaxCameras}). " +
                                         "Without it every face, with or without a camera.")),
            new JsonObject
            {
                ["name"] = EventsEndpoint.LastEventIdHeader, ["in"] = "header",
                ["description"] = "Resume after this event: the faces stored with a larger id. Without it, only faces stored from now on.",
                ["schema"] = Integer(null),
            },
        ]);

    private static JsonObject StatList() => Operation("Shards", "List the galleries of the index shards",
        "Spec 8.6.1. Galleries are numbered from 1 in name order, `default` first; `start` is the number to list from. Counts are summed over " +
        "the shards that answered: `cnt_linear` on the exact index (scanned), `cnt_indexed` on Redis shards (HNSW); there is no preindex. " +
        "`total` is the number of galleries; `shards` has each shard's status and faces, a shard that does not answer is `down`.",
        null, Ok("StatGalleryList"), errors: ["BadParam", "AuthFailed", "Unavailable"],
        parameters: [PathParam("start", Integer("The number of the first gallery listed, from 0.")),
            PathParam("limit", Integer($"Most galleries listed, from 1 to {FacenapiOptions.MaxPageSize}."))]);

    private static JsonObject StatInfo() => Operation("Shards", "Count a gallery's faces on the index shards",
        "Spec 8.6.2, without `cptr` (a Tarantool memory address); adds the facen length and storage, and the gallery's faces on each shard. " +
        "A gallery neither created nor holding faces is 404.",
        null, Ok("StatGalleryInfo"), errors: ["BadParam", "AuthFailed", "NotFound", "Unavailable"], parameters: [DirectGalleryParam()]);

    private static JsonObject DirectAdd() => Operation("Shards", "Add a face to a gallery of the index",
        "Spec 8.7.2. Goes to the index only, not to the metadata store: `/faces` will not list it. A face id already indexed in other " +
        "galleries joins this one and takes this facen in all of them (a face has one facen here, where Tarantool keeps one per gallery). " +
        "A facen of another length than the index's is 400 BAD_PARAM.",
        FacenBodySpec(), new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "Added; empty body." },
            ["409"] = ErrorResponse("CONFLICT: the face is in the gallery already."),
        },
        errors: ["BadParam", "AuthFailed", "TooLarge", "Unavailable"], parameters: [DirectGalleryParam(), FaceIdParam()]);

    private static JsonObject DirectGet() => Operation("Shards", "Read a face's facen from the index",
        "Spec 8.7.3. Redis shards keep facens quantised (Index:Quantisation Q8): the facen comes back within about 0.01 of what was added.",
        null, Ok("DirectFace"), errors: ["BadParam", "AuthFailed", "NotFound", "Unavailable"], parameters: [DirectGalleryParam(), FaceIdParam()]);

    private static JsonObject DirectDelete() => Operation("Shards", "Take a face out of a gallery of the index",
        $"Spec 8.7.4. Out of `{GalleryNames.Default}`, which holds every face, the face leaves the index. The metadata store keeps the face.",
        null, new JsonObject { ["200"] = new JsonObject { ["description"] = "Removed; empty body." } },
        errors: ["BadParam", "AuthFailed", "NotFound", "Unavailable"], parameters: [DirectGalleryParam(), FaceIdParam()]);

    private static JsonObject DirectSearch() => Operation("Shards", "Search a gallery of the index for a facen",
        $"Spec 8.7.5. The header {DirectEndpoints.SearchStatHeader} says `{DirectEndpoints.WithIndex}` when Redis's HNSW answered, " +
        $"`{DirectEndpoints.WithoutIndex}` for a scan (the exact index, or linear_search); X-Live-Servers says how many shards answered.",
        FacenBodySpec(), Ok("DirectMatches"), errors: ["BadParam", "AuthFailed", "TooLarge", "Unavailable"],
        parameters:
        [
            DirectGalleryParam(),
            PathParam("limit", Integer($"Most faces in the answer, from 1 to {FacenapiOptions.MaxMatches}.")),
            PathParam("threshold", Number("The least confidence of a face in the answer, from 0 to 1 (the confidence of /identify).")),
            QueryParam("linear_search", Enum("1 (or true, or no value) scans every face of the gallery instead of using the fast index.", "1", "0", "true", "false")),
        ]);

    private static JsonObject DirectList() => Operation("Shards", "List a gallery's faces in the index",
        "Spec 8.7.6. By increasing id; `next` is the `start_id` of the next page, null after the last face. On Redis shards a page reads " +
        "every id of the gallery (vector sets have no order): a diagnostic, not for large galleries.",
        null, Ok("DirectPage"), errors: ["BadParam", "AuthFailed", "Unavailable"],
        parameters:
        [
            DirectGalleryParam(),
            PathParam("start_id", Integer("The least face id listed, from 0.")),
            PathParam("count", Integer($"Most faces listed, from 1 to {FacenapiOptions.MaxPageSize}.")),
        ]);

    private static JsonObject DirectGalleryParam() => PathParam("name", String(GalleryRules.NameRule + $" `{GalleryNames.Default}` is every face."));

    private static JsonObject FaceIdParam() => PathParam("id", Integer("The face id, from 1."));

    private static JsonObject FacenBodySpec() => new()
    {
        ["required"] = true,
        ["description"] = $"The facen, at most {FacenBody.MaxBytes} bytes: finite float32 values of unit length.",
        ["content"] = new JsonObject
        {
            ["text/plain"] = new JsonObject { ["schema"] = String("Base64 of the float32 values, little-endian: /extract's `facen`.") },
            [FacenBody.RawType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary", ["description"] = "The float32 values, little-endian (a FindFace .facen file)." } },
        },
    };

    private static JsonObject DocsIndex() => Public(Operation("Docs", "List the documented versions", "Spec 9.2.15.",
        null, Ok("DocsIndex"), errors: []));

    private static JsonObject DocsDocument() => Public(Operation("Docs", "This OpenAPI document for a version", "Spec 9.2.16.",
        null, new JsonObject
        {
            ["200"] = JsonResponse("The OpenAPI 3.0 document.", new JsonObject { ["type"] = "object" }),
            ["404"] = ErrorResponse("NOT_FOUND: no such version."),
        },
        errors: [], parameters: [ParamRef("version")]));

    private static JsonObject DocsOverview() => Public(Operation("Docs", "This document as a web page", "Spec 9.1.6.",
        null, new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "A self-contained HTML page.",
                ["content"] = new JsonObject { ["text/html"] = new JsonObject { ["schema"] = String(null) } },
            },
            ["404"] = ErrorResponse("NOT_FOUND: no such version."),
        },
        errors: [], parameters: [ParamRef("version")]));

    private static JsonObject Schemas(bool v1)
    {
        var face = new JsonObject
        {
            ["id"] = Integer("Unique id of the face."),
            ["timestamp"] = String("When the face was enrolled (or its photo taken, when the client said), ISO 8601 in UTC with microseconds."),
            ["photo"] = String("URL of the photo the face was enrolled from."),
            ["photo_hash"] = String("Hash of the photo: identical photos have the same one. Do not interpret it."),
            ["thumbnail"] = String("URL of the face's thumbnail; left out when there is none."),
            ["normalized"] = String("URL of the aligned face image; left out when there is none."),
            ["x1"] = Integer("Left of the face's box on the photo."),
            ["y1"] = Integer("Top of the box."),
            ["x2"] = Integer("Right of the box."),
            ["y2"] = Integer("Bottom of the box."),
            ["meta"] = String("The meta string given at enrollment."),
            ["galleries"] = Array(String(null), $"The face's galleries, `{GalleryNames.Default}` first."),
            ["person_id"] = Integer("The face's person (spec 8.2); left out when it has none."),
            ["friend"] = Boolean("'Friend or foe' (spec 8.3) when the face was captured; left out for faces without a camera or person."),
        };
        var detected = new JsonObject
        {
            ["x1"] = Integer(null), ["y1"] = Integer(null), ["x2"] = Integer(null), ["y2"] = Integer(null),
        };
        if (v1)
        {
            foreach (var target in new[] { face, detected })
            {
                target["gender"] = Enum("Estimated gender; left out when not estimated.", "male", "female");
                target["age"] = Number("Estimated age in years; left out when not estimated.");
                target["emotions"] = Array(String(null), "The leading emotions, likeliest first (e.g. [\"neutral\", \"sad\"]); left out when not estimated.");
            }
        }

        var schemas = new JsonObject
        {
            ["Face"] = Object("A face (spec 9.1.4)." + (v1 ? " Gender, age and emotions are there when the server estimates them (Facenapi:Gae)." : ""),
                face, ["id", "timestamp", "photo", "photo_hash", "x1", "y1", "x2", "y2", "meta", "galleries"]),
            ["Bbox"] = Object("A bounding box as returned (spec 9.1.4).",
                new JsonObject { ["x1"] = Integer(null), ["y1"] = Integer(null), ["x2"] = Integer(null), ["y2"] = Integer(null) }, ["x1", "y1", "x2", "y2"]),
            ["BboxInput"] = new JsonObject
            {
                ["description"] = "A bounding box as accepted: the object or [x1, y1, x2, y2]; x2 > x1 and y2 > y1.",
                ["oneOf"] = new JsonArray(Ref("Bbox"), new JsonObject { ["type"] = "array", ["items"] = Integer(null), ["minItems"] = 4, ["maxItems"] = 4 }),
            },
            ["Threshold"] = new JsonObject
            {
                ["description"] = $"strict ({ConfidenceThresholds.Strict}), medium ({ConfidenceThresholds.Medium}), low ({ConfidenceThresholds.Low}), " +
                                  $"none ({ConfidenceThresholds.None}) or a confidence from 0 to 1; {ConfidenceThresholds.Default} when absent.",
                ["oneOf"] = new JsonArray(
                    Enum(null, "strict", "medium", "low", "none"),
                    new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 }),
            },
            ["MultiFaceSelector"] = Enum("Which faces of a photo to use: `biggest` (the default), `all`, or `reject` a photo with several " +
                                         "(400 BAD_PARAM on mf_selector, with the boxes found in `faces`).", "biggest", "all", "reject"),
            ["Error"] = Object("A failed call (spec 9.1.10).", new JsonObject
            {
                ["code"] = Enum("What went wrong, for programs.", ErrorCodes.AuthFailed, ErrorCodes.BadParam, ErrorCodes.MalformedJson,
                    ErrorCodes.ServiceUnavailable, ErrorCodes.RequestTooLarge, ErrorCodes.BadRequest, ErrorCodes.NotFound, ErrorCodes.Conflict,
                    ErrorCodes.InternalError, ErrorCodes.MethodNotAllowed, ErrorCodes.UnsupportedMediaType),
                ["reason"] = String("What went wrong, for people; do not interpret it."),
            }, ["code", "reason"]),
            ["BadParamError"] = new JsonObject
            {
                ["allOf"] = new JsonArray(Ref("Error"), Object("BAD_PARAM's own members.", new JsonObject
                {
                    ["param"] = String("The parameter at fault, as the client spelt it (e.g. `requests[0].detector`)."),
                    ["value"] = new JsonObject { ["nullable"] = true, ["description"] = "The value sent for it; null when it was missing." },
                    ["faces"] = Array(Ref("Bbox"), "For mf_selector `reject`: the faces found."),
                }, [])),
            },
            ["DetectResponse"] = Object(null, new JsonObject
            {
                ["faces"] = Array(Object(null, detected, ["x1", "y1", "x2", "y2"])),
                ["orientation"] = Integer("The photo's EXIF orientation, 1 to 8; boxes are on the upright photo."),
            }, ["faces", "orientation"]),
            ["VerifyResponse"] = Object(null, new JsonObject
            {
                ["results"] = Array(Object(null, new JsonObject
                {
                    ["bbox1"] = Object("The face on photo1; in v1 with the attributes asked for, as /detect's faces.", Copy(detected), ["x1", "y1", "x2", "y2"]),
                    ["bbox2"] = Object("The face on photo2, as bbox1.", Copy(detected), ["x1", "y1", "x2", "y2"]),
                    ["confidence"] = Number("How likely the two faces are of one person, 0 to 1."),
                    ["verified"] = Boolean("Confidence at or above the threshold; left out for threshold none."),
                }, ["bbox1", "bbox2", "confidence"])),
                ["verified"] = Boolean("Every face of photo1 has a match on photo2; left out for threshold none."),
            }, ["results"]),
            ["IdentifyResponse"] = Object(null, new JsonObject
            {
                ["results"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "For each face on the photo, keyed by its box as \"[x1, y1, x2, y2]\": its matches, most similar first.",
                    ["additionalProperties"] = Array(Object(null, new JsonObject
                    {
                        ["confidence"] = Number(null),
                        ["face"] = Ref("Face"),
                    }, ["confidence", "face"])),
                },
            }, ["results"]),
            ["FaceList"] = Object(null, new JsonObject { ["results"] = Array(Ref("Face")) }, ["results"]),
            ["FacePage"] = Page(Ref("Face")),
            ["MetaPage"] = Page(Object(null, new JsonObject
            {
                ["count"] = Integer("Faces with this meta string."),
                ["face"] = Ref("Face"),
                ["meta"] = String(null),
            }, ["count", "face", "meta"])),
            ["CameraRegion"] = new JsonObject
            {
                ["description"] = "[W, H, X, Y]: a rectangle of the frame in pixels, W and H above 0, X and Y from 0.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = int.MaxValue },
                ["minItems"] = 4,
                ["maxItems"] = 4,
            },
            ["Camera"] = Object("A camera (spec 9.4); members never set are left out.", new JsonObject
            {
                ["id"] = Uuid("Unique id of the camera."),
                ["meta"] = String(null),
                ["url"] = String("The stream's address."),
                ["detector"] = String("The detector that reads the stream."),
                ["rot"] = Ref("CameraRegion"),
                ["roi"] = Ref("CameraRegion"),
            }, ["id"]),
            ["CameraList"] = Array(Ref("Camera")),
            ["Person"] = Object("A person (spec 8.2.4).", new JsonObject
            {
                ["id"] = Integer("The person id: the id of the person's first face."),
                ["meta"] = String("The meta string of the person's first face."),
            }, ["id", "meta"]),
            ["PersonPage"] = ForwardPage(Ref("Person")),
            ["HistoryPage"] = ForwardPage(Object("A face a camera captured (spec 9.2.18).", new JsonObject
            {
                ["id"] = Integer("The face id."),
                ["cam_id"] = String(null),
                ["person_id"] = Integer("Left out when the face has no person."),
                ["friend"] = Boolean("'Friend or foe' when it was captured (spec 8.3)."),
                ["meta"] = String(null),
                ["timestamp"] = String(null),
                ["photo"] = String(null),
                ["photo_hash"] = String(null),
                ["x1"] = Integer(null), ["y1"] = Integer(null), ["x2"] = Integer(null), ["y2"] = Integer(null),
            }, ["id", "cam_id", "friend", "meta", "timestamp", "photo", "photo_hash", "x1", "y1", "x2", "y2"])),
            ["PersonHistoryPage"] = ForwardPage(Object("A face of the person a camera captured (spec 9.2.17).", new JsonObject
            {
                ["person_id"] = Integer(null),
                ["face_id"] = Integer(null),
                ["cam_id"] = String(null),
                ["meta"] = String(null),
                ["screenshot"] = String("URL of the face's thumbnail."),
                ["timestamp"] = String(null),
            }, ["person_id", "face_id", "cam_id", "meta", "timestamp"])),
            ["GalleryList"] = Object(null, new JsonObject { ["results"] = Array(String(null)) }, ["results"]),
            ["CreatedGallery"] = Object(null, new JsonObject { ["name"] = String(null) }, ["name"]),
            ["DocsIndex"] = Object(null, new JsonObject
            {
                ["versions"] = Array(String(null)),
                ["links"] = Array(Object(null, new JsonObject
                {
                    ["version"] = String(null),
                    ["openapi"] = String("Path of the version's OpenAPI document."),
                    ["overview"] = String("Path of its web page."),
                }, ["version", "openapi", "overview"])),
            }, ["versions", "links"]),
        };
        if (v1)
        {
            schemas["Event"] = Object("A face just stored (GET /events).", new JsonObject
            {
                ["face"] = Ref("Face"),
                ["cam_id"] = String("The camera that captured it; left out for a face enrolled without one."),
            }, ["face"]);
            AddExtractionSchemas(schemas);
            AddShardSchemas(schemas);
        }
        return schemas;
    }

    private static void AddExtractionSchemas(JsonObject schemas)
    {
        var rect = new JsonObject { ["left"] = Integer(null), ["top"] = Integer(null), ["right"] = Integer(null), ["bottom"] = Integer(null) };
        schemas["Rect"] = Object("A rectangle in pixels of the upright image.", rect, ["left", "top", "right", "bottom"]);
        schemas["ExtractImageRequest"] = Object("What to extract from one image.", new JsonObject
        {
            ["image"] = String($"An http(s) URL, or `{ImageRequestValidator.MultipartPrefix}<part>` naming a part of the body."),
            ["roi"] = Ref("Rect"),
            ["detector"] = Enum($"The detector; {Detectors.Nnd} when absent.", [.. Detectors.All]),
            ["need_facen"] = Boolean(null, false),
            ["need_gender"] = Boolean(null, false),
            ["need_age"] = Boolean(null, false),
            ["need_emotions"] = Boolean(null, false),
            ["need_normalized"] = Boolean(null, false),
            ["auto_rotate"] = Boolean("When no face is found upright, the image is searched again turned 90, 180 and 270 degrees; "
                                      + "the turn with the surest detection gives its faces, with boxes and landmarks in the upright image's coordinates. "
                                      + "Ignored by the prenormalized detector.", false),
        }, ["image"]);
        schemas["ExtractResponse"] = Object(null, new JsonObject
        {
            ["responses"] = Array(Object("The faces of one image, or the error that stopped it.", new JsonObject
            {
                ["faces"] = Array(Object("One face; members not asked for are left out.", new JsonObject
                {
                    ["bbox"] = Ref("Rect"),
                    ["detection_score"] = Number(null),
                    ["facen"] = String("Base64 of the feature vector as little-endian float32."),
                    ["gender"] = Object(null, new JsonObject { ["gender"] = Enum(null, "MALE", "FEMALE"), ["score"] = Number(null) }, ["gender", "score"]),
                    ["age"] = Number(null),
                    ["emotions"] = Array(Object(null, new JsonObject { ["emotion"] = String(null), ["score"] = Number(null) }, ["emotion", "score"])),
                    ["normalized"] = String("Base64 PNG of the aligned face."),
                }, ["bbox", "detection_score"])),
                ["error"] = Object(null, new JsonObject
                {
                    ["code"] = String($"e.g. {ErrorCodes.FetchFailed}, {ErrorCodes.FetchForbidden}, {ErrorCodes.ImageTooLarge}, {ErrorCodes.ExtractionFailed}, IMAGE_DECODING_FAILED."),
                    ["desc"] = String(null),
                }, ["code", "desc"]),
            }, ["faces"])),
        }, ["responses"]);
    }

    private static void AddShardSchemas(JsonObject schemas)
    {
        var shards = Array(Object("One index shard.", new JsonObject
        {
            ["endpoint"] = String($"The shard's address, `{Workers.Index.Exact.ExactFaceIndex.Endpoint}` for the in-process exact index."),
            ["status"] = Enum(null, StatEndpoints.Up, StatEndpoints.Down),
            ["faces"] = Integer("The shard's faces (of the gallery, for /stat/info); left out when down."),
        }, ["endpoint", "status"]), "The shards summed over, down ones included.");
        schemas["StatGalleryList"] = Object(null, new JsonObject
        {
            ["galleries"] = Array(Object(null, new JsonObject
            {
                ["cnt_indexed"] = Integer("Faces in a fast approximate index (Redis shards)."),
                ["id"] = Integer("The gallery's number, from 1 in name order, `default` first."),
                ["cnt_preindex"] = Integer("Always 0: there is no preindex space."),
                ["name"] = String(null),
                ["cnt_linear"] = Integer("Faces that are scanned (the exact index)."),
            }, ["cnt_indexed", "id", "cnt_preindex", "name", "cnt_linear"])),
            ["total"] = Integer("How many galleries there are."),
            ["shards"] = shards,
        }, ["galleries", "total", "shards"]);
        schemas["StatGalleryInfo"] = Object(null, new JsonObject
        {
            ["cnt_indexed"] = Integer(null),
            ["cnt_preindex_deleted"] = Integer("Always 0: deletions take effect at once."),
            ["index_file"] = String("Always none: Redis keeps its index in memory."),
            ["index_loaded"] = Boolean("True on Redis shards that answered."),
            ["cnt_preindex"] = Integer("Always 0."),
            ["cnt_linear"] = Integer(null),
            ["id"] = Integer(null),
            ["name"] = String(null),
            ["cnt_indexed_deleted"] = Integer("Always 0."),
            ["dimension"] = Integer("The facen length; left out while the gallery holds no face."),
            ["quantisation"] = String("How facens are stored: f32, or Redis's int8 or bin; left out while the gallery holds no face."),
            ["shards"] = shards.DeepClone(),
        }, ["cnt_indexed", "cnt_preindex_deleted", "index_file", "index_loaded", "cnt_preindex", "cnt_linear", "id", "name", "cnt_indexed_deleted", "shards"]);
        schemas["DirectFace"] = Object(null, new JsonObject
        {
            ["facen"] = String("Base64 of the float32 values, little-endian."),
            ["id"] = Integer(null),
        }, ["facen", "id"]);
        schemas["DirectMatches"] = Array(Object(null, new JsonObject
        {
            ["conf"] = Number("The confidence, as /identify's."),
            ["id"] = Integer(null),
        }, ["conf", "id"]), "Most similar first.");
        schemas["DirectPage"] = Object(null, new JsonObject
        {
            ["faces"] = Array(Object(null, new JsonObject
            {
                ["id"] = Integer(null),
                ["space"] = Enum("Where the face is: scanned, or in a fast approximate index.", IndexSpaces.Linear, IndexSpaces.Indexed),
                ["facen"] = String("Base64 of the float32 values, little-endian."),
            }, ["id", "space", "facen"])),
            ["next"] = Nullable(Integer("The start_id of the next page; null after the last face.")),
        }, ["faces", "next"]);
    }

    private static JsonObject ForwardPage(JsonObject item) => Object("One page; `next_page` is left out on the last.", new JsonObject
    {
        ["next_page"] = String("Path and query of the next page."),
        ["results"] = Array(item),
    }, ["results"]);

    private static JsonObject Page(JsonObject item) => Object("One page of a listing (spec 9.1.8).", new JsonObject
    {
        ["next_page"] = Nullable(String("Path and query of the next (older) page; null on the last.")),
        ["prev_page"] = Nullable(String("Path and query of the previous (newer) page; null on the first.")),
        ["results"] = Array(item),
    }, ["next_page", "prev_page", "results"]);

    private static JsonObject Operation(string tag, string summary, string description, JsonObject? body, JsonObject responses,
        string[] errors, JsonNode[]? parameters = null)
    {
        var operation = new JsonObject { ["tags"] = new JsonArray(tag), ["summary"] = summary, ["description"] = description };
        if (parameters is not null)
            operation["parameters"] = new JsonArray(parameters);
        if (body is not null)
            operation["requestBody"] = body;
        foreach (var error in errors)
        {
            var status = error switch { "BadParam" => "400", "AuthFailed" => "401", "NotFound" => "404", "TooLarge" => "413", _ => "503" };
            responses[status] = Ref(error, "responses");
        }
        responses["500"] = ErrorResponse("INTERNAL_ERROR: the server failed; its log has the details.");
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject Public(JsonObject operation)
    {
        operation["security"] = new JsonArray();
        return operation;
    }

    /// <summary>The same parameters in the three body formats; photos are URLs in JSON and forms, files (or URLs) in multipart.</summary>
    private static JsonObject Body(string[] required, params (string Name, JsonObject Schema)[] fields)
    {
        JsonObject Schema(bool multipart)
        {
            var properties = new JsonObject();
            foreach (var (name, schema) in fields)
            {
                var copy = (JsonObject)schema.DeepClone();
                if (multipart && copy["format"]?.GetValue<string>() == "uri")
                {
                    copy["format"] = "binary";
                    copy["description"] += " Upload the file, or give its URL as a text field.";
                }
                properties[name] = copy;
            }
            return Object(null, properties, required);
        }

        return new JsonObject
        {
            ["required"] = required.Length > 0,
            ["content"] = new JsonObject
            {
                [MultipartType] = new JsonObject { ["schema"] = Schema(multipart: true) },
                [JsonType] = new JsonObject { ["schema"] = Schema(multipart: false) },
                [FormType] = new JsonObject { ["schema"] = Schema(multipart: false) },
            },
        };
    }

    private static JsonObject Photo(string description) =>
        new() { ["type"] = "string", ["format"] = "uri", ["description"] = description + " A public http(s) URL." };

    private static JsonObject Boxes(string description) => new()
    {
        ["description"] = description + " One box or a list of them.",
        ["oneOf"] = new JsonArray(Ref("BboxInput"), Array(Ref("BboxInput"))),
    };

    private static JsonObject[] PageParams() => [ParamRef("max_id"), ParamRef("min_id"), ParamRef("limit")];

    private static JsonObject Ok(string schema) => new() { ["200"] = JsonResponse("OK.", Ref(schema)) };

    private static JsonObject NoContent() => new() { ["204"] = new JsonObject { ["description"] = "Done; no body." } };

    private static JsonObject JsonResponse(string description, JsonObject schema) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { [JsonType] = new JsonObject { ["schema"] = schema } },
    };

    private static JsonObject ErrorResponse(string description, string schema = "Error") => JsonResponse(description, Ref(schema));

    private static JsonObject PathParam(string name, JsonObject schema) =>
        new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = schema };

    private static JsonObject QueryParam(string name, JsonObject schema) =>
        new() { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = schema };

    private static JsonObject ParamRef(string name) => Ref(name, "parameters");

    private static JsonObject Ref(string name, string kind = "schemas") => new() { ["$ref"] = $"#/components/{kind}/{name}" };

    private static JsonObject Tag(string name, string description) => new() { ["name"] = name, ["description"] = description };

    // A node has one parent: a schema used in several places is copied.
    private static JsonObject Copy(JsonObject schema) => (JsonObject)schema.DeepClone();

    private static JsonObject Object(string? description, JsonObject properties, string[] required)
    {
        var schema = Describe(new JsonObject { ["type"] = "object", ["properties"] = properties }, description);
        if (required.Length > 0)
            schema["required"] = new JsonArray([.. required.Select(name => JsonValue.Create(name))]);
        return schema;
    }

    private static JsonObject Array(JsonObject items, string? description = null) =>
        Describe(new JsonObject { ["type"] = "array", ["items"] = items }, description);

    private static JsonObject String(string? description, string? @default = null)
    {
        var schema = Describe(new JsonObject { ["type"] = "string" }, description);
        if (@default is not null)
            schema["default"] = @default;
        return schema;
    }

    private static JsonObject Integer(string? description, long? @default = null)
    {
        var schema = Describe(new JsonObject { ["type"] = "integer" }, description);
        if (@default is not null)
            schema["default"] = @default;
        return schema;
    }

    private static JsonObject Uuid(string? description) => Describe(new JsonObject { ["type"] = "string", ["format"] = "uuid" }, description);

    private static JsonObject Number(string? description) => Describe(new JsonObject { ["type"] = "number" }, description);

    private static JsonObject Boolean(string? description, bool? @default = null)
    {
        var schema = Describe(new JsonObject { ["type"] = "boolean" }, description);
        if (@default is not null)
            schema["default"] = @default;
        return schema;
    }

    private static JsonObject Enum(string? description, params string[] values) =>
        Describe(new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(value => JsonValue.Create(value))]) }, description);

    private static JsonObject Nullable(JsonObject schema)
    {
        schema["nullable"] = true;
        return schema;
    }

    private static JsonObject Describe(JsonObject schema, string? description)
    {
        if (description is not null)
            schema["description"] = description;
        return schema;
    }
}
