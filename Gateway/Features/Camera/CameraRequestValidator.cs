using FluentValidation;
using Gateway.Http;

namespace Gateway.Features.Camera;

public sealed class CameraRequestValidator : AbstractValidator<CameraRequest>
{
    public CameraRequestValidator()
    {
        RuleFor(request => request.Meta).MaximumLength(FacenapiOptions.MaxMetaLength)
            .WithMessage($"meta is longer than {FacenapiOptions.MaxMetaLength} characters.").OverridePropertyName("meta");
        RuleFor(request => request.Url).Must(url => url is null || CameraRules.IsStreamUrl(url))
            .WithMessage(CameraRules.UrlRule).OverridePropertyName("url");
        RuleFor(request => request.Detector).DetectorName();
        RuleFor(request => request.Rot).Must(CameraRules.IsRegion).WithMessage("rot " + CameraRules.RegionRule).OverridePropertyName("rot");
        RuleFor(request => request.Roi).Must(CameraRules.IsRegion).WithMessage("roi " + CameraRules.RegionRule).OverridePropertyName("roi");
    }
}
