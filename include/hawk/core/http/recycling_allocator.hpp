#pragma once

// Memory for the objects every call allocates and frees again (the call, the exchange, the
// type-erased handlers and Asio's operations), recycled through per-thread free lists so that a
// steady stream of calls stops reaching malloc. Asio's own recycling keeps only two blocks per
// thread, too few for tens of calls in flight.
//
// Blocks are grouped in size classes of 64 bytes up to 2 KiB; each thread keeps at most 64 free
// blocks per class (at most a few hundred KiB in all, and only of the sizes it used). A block
// freed on another thread than the one that allocated it simply joins that thread's lists.
// Larger or over-aligned requests go straight to operator new.

#include <cstddef>
#include <new>

namespace hawk::core::http::detail {

class block_cache {
public:
    static constexpr std::size_t granule = 64;
    static constexpr std::size_t classes = 32; // up to 2 KiB
    static constexpr std::size_t kept_per_class = 64;

    block_cache() = default;
    block_cache(const block_cache&) = delete;
    block_cache& operator=(const block_cache&) = delete;
    ~block_cache() {
        for (list& l : lists_)
            while (l.head) {
                node* n = l.head;
                l.head = n->next;
                ::operator delete(static_cast<void*>(n));
            }
    }

    static void* allocate(std::size_t size) {
        const std::size_t k = size_class(size);
        if (k < classes) {
            if (block_cache* cache = local()) {
                list& l = cache->lists_[k];
                if (node* n = l.head) {
                    l.head = n->next;
                    --l.count;
                    return n;
                }
            }
            return ::operator new((k + 1) * granule);
        }
        return ::operator new(size);
    }

    static void deallocate(void* p, std::size_t size) noexcept {
        const std::size_t k = size_class(size);
        if (k < classes) {
            if (block_cache* cache = local()) {
                list& l = cache->lists_[k];
                if (l.count < kept_per_class) {
                    node* n = static_cast<node*>(p);
                    n->next = l.head;
                    l.head = n;
                    ++l.count;
                    return;
                }
            }
        }
        ::operator delete(p);
    }

private:
    struct node {
        node* next;
    };
    struct list {
        node* head = nullptr;
        std::size_t count = 0;
    };

    static std::size_t size_class(std::size_t size) noexcept {
        return size == 0 ? 0 : (size - 1) / granule;
    }

    // The thread's cache, made on first use; null once the thread is tearing down its
    // thread_local objects (a block freed then goes back to operator delete).
    static block_cache* local() noexcept {
        struct holder {
            block_cache* cache = nullptr;
            ~holder() {
                delete cache;
                cache = nullptr;
                dead() = true;
            }
        };
        if (dead())
            return nullptr;
        thread_local holder h;
        if (!h.cache)
            h.cache = new (std::nothrow) block_cache();
        return h.cache;
    }

    static bool& dead() noexcept {
        thread_local bool value = false; // trivially destructible: readable until the end
        return value;
    }

    list lists_[classes];
};

/// A standard allocator over block_cache: for allocate_shared, and as the associated allocator
/// of completion handlers (Asio then takes its operations' memory from it too).
template <class T>
class recycling_allocator {
public:
    using value_type = T;

    recycling_allocator() noexcept = default;
    template <class U>
    recycling_allocator(const recycling_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
            return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
        else
            return static_cast<T*>(block_cache::allocate(n * sizeof(T)));
    }

    void deallocate(T* p, std::size_t n) noexcept {
        if constexpr (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
            ::operator delete(p, std::align_val_t(alignof(T)));
        else
            block_cache::deallocate(p, n * sizeof(T));
    }

    template <class U>
    struct rebind {
        using other = recycling_allocator<U>;
    };

    template <class U>
    friend bool operator==(const recycling_allocator&, const recycling_allocator<U>&) noexcept {
        return true;
    }
    template <class U>
    friend bool operator!=(const recycling_allocator&, const recycling_allocator<U>&) noexcept {
        return false;
    }
};

} // namespace hawk::core::http::detail
