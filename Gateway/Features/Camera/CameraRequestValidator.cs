using FluentValidation;
using FluentValidation.Results;
using Gateway.Http;
using Security.Cameras;

namespace Gateway.Features.Camera;

public sealed class CameraRequestValidator : AbstractValidator<CameraRequest>
{
    public CameraRequestValidator(CameraUrlPolicy policy)
    {
        RuleFor(request => request.Meta).MaximumLength(FacenapiOptions.MaxMetaLength)
            .WithMessage($"meta is longer than {FacenapiOptions.MaxMetaLength} characters.").OverridePropertyName("meta");
        RuleFor(request => request.Url).CustomAsync(async (url, context, cancellationToken) =>
        {
            if (url is not null && await policy.CheckAsync(url, cancellationToken) is { Refusal: { } refusal })
                context.AddFailure(new ValidationFailure("url", refusal, url));
        });
        RuleFor(request => request.Detector).DetectorName();
        RuleFor(request => request.Rot).Must(CameraRules.IsRegion).WithMessage("rot " + CameraRules.RegionRule).OverridePropertyName("rot");
        RuleFor(request => request.Roi).Must(CameraRules.IsRegion).WithMessage("roi " + CameraRules.RegionRule).OverridePropertyName("roi");
    }
}
