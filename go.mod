module github.com/go-cmpp/cmpp

go 1.26.0

require (
	github.com/gopacket/gopacket v1.7.7
	golang.org/x/text v0.44.0
)

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/net v0.55.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
