import ZKCrypto
import ZKProto
import ZKRPC

extension RegistryService {
    /// `ListPrograms`.
    func list(_ request: ListProgramsRequest) async throws -> ListProgramsResponse {
        var query = RegistryListQuery(limit: Self.defaultPageSize)
        if request.pageSize > 0 {
            query.limit = min(Int(request.pageSize), Self.maximumPageSize)
        }
        if !request.author.isEmpty {
            do {
                query.author = try EthereumAddress(hex: request.author.lowercased()).checksummedHex
            } catch {
                throw RPCError(
                    code: .invalidArgument, message: "author '\(request.author)' is not an Ethereum address")
            }
        }
        if !request.zkvm.isEmpty {
            guard let zkvm = ZKVMName(spelling: request.zkvm) else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "zkvm '\(request.zkvm)' is not supported; use SP1 or RISC Zero"
                )
            }
            query.zkvm = zkvm.canonicalName
        }
        if !request.pageToken.isEmpty {
            guard let after = ListPageToken.decode(request.pageToken) else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "page_token '\(request.pageToken)' did not come from ListPrograms"
                )
            }
            query.after = after
        }
        let page = try await store.list(query)
        return ListProgramsResponse(
            programs: page.programs,
            nextPageToken: page.nextAfter.map(ListPageToken.encode) ?? ""
        )
    }
}
