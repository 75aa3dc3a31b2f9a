// An HNSW graph (usearch's index_gt) over vectors the caller keeps: the JavaScript side owns one
// contiguous Float32Array of unit rows and passes it to every call, so the graph holds only links
// and never a second copy of the vectors. Keys are row numbers, added in order from 0.
#include <napi.h>

#include <usearch/index.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace {

using graph_t = unum::usearch::index_gt<float, std::uint32_t, std::uint32_t>;

// Cosine distance between unit rows: 1 - dot. Eight accumulators let the compiler vectorise.
struct rows_metric_t {
    using member_cref_t = graph_t::member_cref_t;
    using member_citerator_t = graph_t::member_citerator_t;

    float const* data;
    std::size_t dims;

    float const* row(std::size_t slot) const noexcept { return data + slot * dims; }

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    __attribute__((target_clones("avx2,fma", "default")))
#endif
    static float between_rows(float const* a, float const* b, std::size_t dims) noexcept {
        float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::size_t i = 0;
        for (; i + 8 <= dims; i += 8)
            for (std::size_t j = 0; j < 8; j++) s[j] += a[i + j] * b[i + j];
        float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
        for (; i < dims; i++) sum += a[i] * b[i];
        return 1.0f - sum;
    }
    float between(float const* a, float const* b) const noexcept { return between_rows(a, b, dims); }

    float operator()(member_cref_t const& a, member_cref_t const& b) const noexcept {
        return between(row(get_slot(a)), row(get_slot(b)));
    }
    float operator()(float const* value, member_cref_t const& m) const noexcept {
        return between(value, row(get_slot(m)));
    }
    float operator()(member_citerator_t const& a, member_citerator_t const& b) const noexcept {
        return between(row(get_slot(a)), row(get_slot(b)));
    }
    float operator()(float const* value, member_citerator_t const& m) const noexcept {
        return between(value, row(get_slot(m)));
    }
};

struct graph_deleter_t {
    void operator()(graph_t* graph) const noexcept {
        graph->~graph_t();
        ::operator delete(graph, std::align_val_t{64});
    }
};

class Graph : public Napi::ObjectWrap<Graph> {
  public:
    static Napi::Function Define(Napi::Env env) {
        return DefineClass(env, "Graph",
                           {InstanceMethod("add", &Graph::Add), InstanceMethod("search", &Graph::Search),
                            InstanceMethod("close", &Graph::Close),
                            InstanceAccessor("size", &Graph::Size, nullptr),
                            InstanceAccessor("memoryBytes", &Graph::MemoryBytes, nullptr)});
    }

    // new Graph(dimensions, connectivity, expansionAdd, expansionSearch)
    explicit Graph(Napi::CallbackInfo const& info) : Napi::ObjectWrap<Graph>(info) {
        dims_ = Count(info, 0, "dimensions");
        std::size_t connectivity = Count(info, 1, "connectivity");
        expansion_add_ = Count(info, 2, "expansionAdd");
        expansion_search_ = Count(info, 3, "expansionSearch");
        void* memory = ::operator new(sizeof(graph_t), std::align_val_t{64});
        graph_.reset(new (memory) graph_t(unum::usearch::index_config_t(connectivity)));
    }

    ~Graph() override { Release(Env()); }

  private:
    std::unique_ptr<graph_t, graph_deleter_t> graph_;
    std::size_t dims_ = 0, expansion_add_ = 0, expansion_search_ = 0;
    /** Bytes reported to V8 as external memory, so that its GC knows what a dropped graph frees. */
    std::int64_t reported_ = 0;

    // An estimate from the base-level node size: memory_usage() walks every node, too slow to call
    // after each slice of additions.
    void Report(Napi::Env env) {
        auto bytes = static_cast<std::int64_t>(graph_ ? graph_->size() * graph_->memory_usage_per_node(0) : 0);
        if (bytes != reported_) Napi::MemoryManagement::AdjustExternalMemory(env, bytes - reported_);
        reported_ = bytes;
    }

    void Release(Napi::Env env) {
        graph_.reset();
        Report(env);
    }

    graph_t& Live(Napi::Env env) {
        if (!graph_) throw Napi::Error::New(env, "the graph was closed");
        return *graph_;
    }

    // close(): frees the graph now rather than whenever the garbage collector gets to it.
    Napi::Value Close(Napi::CallbackInfo const& info) {
        Release(info.Env());
        return info.Env().Undefined();
    }

    static std::size_t Count(Napi::CallbackInfo const& info, std::size_t i, char const* name) {
        double value = info.Length() > i && info[i].IsNumber() ? info[i].As<Napi::Number>().DoubleValue() : 0;
        // Written so that NaN fails too; row numbers are 32-bit keys.
        if (!(value >= 1 && value <= 4294967295.0))
            throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a whole number from 1 to 2^32-1");
        return static_cast<std::size_t>(value);
    }

    Napi::Float32Array Floats(Napi::CallbackInfo const& info, std::size_t i, char const* name) {
        if (info.Length() <= i || !info[i].IsTypedArray() ||
            info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
            throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Float32Array");
        return info[i].As<Napi::Float32Array>();
    }

    // add(matrix, rows): links rows size … rows-1 of `matrix` into the graph.
    Napi::Value Add(Napi::CallbackInfo const& info) {
        graph_t& graph = Live(info.Env());
        Napi::Float32Array matrix = Floats(info, 0, "matrix");
        std::size_t rows = Count(info, 1, "rows");
        if (rows * dims_ > matrix.ElementLength())
            throw Napi::RangeError::New(info.Env(), "rows exceed the matrix");
        if (rows > graph.capacity()) {
            std::size_t capacity = graph.capacity() + graph.capacity() / 4 + 1024;
            if (capacity < rows) capacity = rows;
            if (!graph.reserve(unum::usearch::index_limits_t(capacity, 1)))
                throw Napi::Error::New(info.Env(), "out of memory reserving the graph");
        }
        rows_metric_t metric{matrix.Data(), dims_};
        unum::usearch::index_update_config_t config;
        config.expansion = expansion_add_;
        for (std::size_t row = graph.size(); row < rows; row++) {
            auto result = graph.add(static_cast<std::uint32_t>(row), metric.row(row), metric, config);
            if (!result) {
                std::string message = result.error.release();
                throw Napi::Error::New(info.Env(), message);
            }
        }
        Report(info.Env());
        return info.Env().Undefined();
    }

    // search(matrix, query, count): row numbers of the nearest rows, nearest first.
    Napi::Value Search(Napi::CallbackInfo const& info) {
        graph_t const& graph = Live(info.Env());
        Napi::Float32Array matrix = Floats(info, 0, "matrix");
        Napi::Float32Array query = Floats(info, 1, "query");
        std::size_t count = Count(info, 2, "count");
        if (query.ElementLength() != dims_)
            throw Napi::RangeError::New(info.Env(), "query has the wrong number of dimensions");
        if (graph.size() * dims_ > matrix.ElementLength())
            throw Napi::RangeError::New(info.Env(), "the graph holds rows beyond the matrix");
        rows_metric_t metric{matrix.Data(), dims_};
        unum::usearch::index_search_config_t config;
        config.expansion = expansion_search_ > count ? expansion_search_ : count;
        float const* q = query.Data();
        auto result = graph.search(q, count, metric, config);
        if (!result) {
            std::string message = result.error.release();
            throw Napi::Error::New(info.Env(), message);
        }
        Napi::Uint32Array out = Napi::Uint32Array::New(info.Env(), result.size());
        result.dump_to(out.Data());
        return out;
    }

    Napi::Value Size(Napi::CallbackInfo const& info) {
        return Napi::Number::New(info.Env(), graph_ ? static_cast<double>(graph_->size()) : 0);
    }
    Napi::Value MemoryBytes(Napi::CallbackInfo const& info) {
        return Napi::Number::New(info.Env(), graph_ ? static_cast<double>(graph_->memory_usage()) : 0);
    }
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
    exports.Set("Graph", Graph::Define(env));
    return exports;
}

} // namespace

NODE_API_MODULE(hnsw, Init)
