using FluentValidation;
using Gateway.Features.Camera;
using Gateway.Http;
using Gateway.Storage;

namespace Gateway.Features.Face;

public sealed class EnrollRequestValidator : AbstractValidator<EnrollRequest>
{
    public EnrollRequestValidator(IFaceStore store)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Photo).NotNull().WithMessage("photo is required: an uploaded image or its URL.").OverridePropertyName("photo");
        RuleFor(request => request.Meta).MaximumLength(FacenapiOptions.MaxMetaLength)
            .WithMessage($"meta is longer than {FacenapiOptions.MaxMetaLength} characters.").OverridePropertyName("meta");
        RuleFor(request => request.Boxes).Must(BoxRules.AreValid).WithMessage(BoxRules.Message).OverridePropertyName("bbox");
        RuleFor(request => request.Galleries).ExistingGalleries(store).OverridePropertyName("galleries");
        RuleFor(request => request.CameraId).CameraId();
    }
}
