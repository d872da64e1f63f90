module github.com/go-cmpp/cmpp

go 1.26
