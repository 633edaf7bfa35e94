module github.com/isconform/isconform/bindings/go

go 1.19
