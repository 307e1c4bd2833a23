using FluentValidation;

namespace Gateway.Errors;

/// <summary>
/// The one check of every request the API binds (<see cref="IBindableFromHttpContext{TSelf}"/>): each handler argument whose type
/// has a validator is validated before the handler runs, and its first failure answered as BAD_PARAM naming the parameter as the
/// client spelt it. Endpoints whose arguments have no validator are left without the filter.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder ValidateRequests<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var validated = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Index: index, Validator: typeof(IValidator<>).MakeGenericType(parameter.ParameterType)))
            .Where(argument => services.IsService(argument.Validator))
            .ToList();
        if (validated.Count == 0)
            return next;
        return async invocation =>
        {
            foreach (var (index, validatorType) in validated)
            {
                if (invocation.Arguments[index] is not { } argument)
                    continue;
                var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType);
                await ThrowOnFailureAsync(validator, argument, invocation.HttpContext.RequestAborted);
            }
            return await next(invocation);
        };
    }

    /// <summary>Validates a request that did not come over HTTP (a face the video detector captured) as the filter would.</summary>
    /// <exception cref="ApiException">BAD_PARAM.</exception>
    public static Task ValidateOrThrowAsync<T>(this IValidator<T> validator, T request, CancellationToken cancellationToken) =>
        ThrowOnFailureAsync(validator, request!, cancellationToken);

    private static async Task ThrowOnFailureAsync(IValidator validator, object request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(new ValidationContext<object>(request), cancellationToken);
        if (validation.Errors is [var error, ..])
            throw new ApiException(ApiError.BadParam(error.PropertyName, error.AttemptedValue, error.ErrorMessage));
    }
}
