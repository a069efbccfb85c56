using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Handoff.Dashboard.Otlp.Grpc;

/// <summary>Refuses OTLP gRPC calls without the configured API key with status Unauthenticated.</summary>
internal sealed class OtlpApiKeyInterceptor(OtlpApiKey apiKey) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!apiKey.Admits(context.GetHttpContext().Request.Headers))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"Missing or wrong {OtlpApiKey.HeaderName} header."));
        }

        return continuation(request, context);
    }
}
