import CKafkaBaseline
import Foundation
import SwitchboardKafka

/// The benchmark records laid out as C structs for the plain C producer. Owns every allocation.
final class BaselineRecords {
    private(set) var records: UnsafeMutableBufferPointer<csb_kafka_baseline_record>
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ source: [KafkaRecord]) {
        records = .allocate(capacity: source.count)
        for (index, record) in source.enumerated() {
            let key = copy(record.key ?? [])
            let value = copy(record.value)
            let names = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(record.headers.count, 1))
            let values = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: max(record.headers.count, 1))
            let sizes = UnsafeMutablePointer<Int>.allocate(capacity: max(record.headers.count, 1))
            allocations += [UnsafeMutableRawPointer(names), UnsafeMutableRawPointer(values), UnsafeMutableRawPointer(sizes)]
            for (h, header) in record.headers.enumerated() {
                let name = strdup(header.name)!
                allocations.append(UnsafeMutableRawPointer(name))
                names[h] = UnsafePointer(name)
                values[h] = UnsafeRawPointer(copy(header.value))
                sizes[h] = header.value.count
            }
            records[index] = csb_kafka_baseline_record(
                key: UnsafeRawPointer(key), key_len: record.key?.count ?? 0,
                value: UnsafeRawPointer(value), value_len: record.value.count,
                header_count: record.headers.count,
                header_names: UnsafePointer(names), header_values: UnsafePointer(values), header_sizes: UnsafePointer(sizes)
            )
        }
    }

    deinit {
        for allocation in allocations { free(allocation) }
        records.deallocate()
    }

    private func copy(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let pointer = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(pointer), byteCount: bytes.count) }
        allocations.append(pointer)
        return pointer
    }
}

/// librdkafka properties laid out for C. Owns its strings.
final class BaselineProperties {
    private let names: [UnsafeMutablePointer<CChar>]
    private let values: [UnsafeMutablePointer<CChar>]
    private let namePointers: UnsafeMutablePointer<UnsafePointer<CChar>?>
    private let valuePointers: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let count: Int

    init(_ properties: [String: String]) {
        let sorted = properties.sorted { $0.key < $1.key }
        names = sorted.map { strdup($0.key)! }
        values = sorted.map { strdup($0.value)! }
        count = sorted.count
        namePointers = .allocate(capacity: count)
        valuePointers = .allocate(capacity: count)
        for index in 0..<count {
            namePointers[index] = UnsafePointer(names[index])
            valuePointers[index] = UnsafePointer(values[index])
        }
    }

    deinit {
        for pointer in names + values { free(pointer) }
        namePointers.deallocate()
        valuePointers.deallocate()
    }

    func withC<R>(_ body: (UnsafePointer<csb_kafka_baseline_properties>) -> R) -> R {
        var properties = csb_kafka_baseline_properties(names: UnsafePointer(namePointers), values: UnsafePointer(valuePointers), count: count)
        return withUnsafePointer(to: &properties) { body($0) }
    }
}
